import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import ProviderName from "./ProviderName.svelte";

afterEach(() => clearMocks());

describe("ProviderName", () => {
  it("renames a provider from a focused field", async () => {
    const calls: unknown[] = [];
    mockIPC((cmd, args) => {
      calls.push({ cmd, args });
      return null;
    });
    const onrenamed = vi.fn();
    render(ProviderName, { name: "AWS", onrenamed, onerror: vi.fn() });
    await fireEvent.click(screen.getByTestId("provider-rename-open"));
    const field = screen.getByTestId("provider-rename-name") as HTMLInputElement;
    await waitFor(() => expect(document.activeElement).toBe(field));
    await fireEvent.input(field, { target: { value: "Amazon Web Services" } });
    await fireEvent.submit(field.form!);
    await waitFor(() => expect(onrenamed).toHaveBeenCalledWith("AWS", "Amazon Web Services"));
    expect(calls).toEqual([{ cmd: "rename_provider", args: { provider: "AWS", name: "Amazon Web Services" } }]);
  });

  it("puts a refused name on the field", async () => {
    mockIPC(() => {
      throw { code: "invalid_input", message: 'a provider named "Stripe" already exists', field: "name" };
    });
    const onrenamed = vi.fn();
    const onerror = vi.fn();
    render(ProviderName, { name: "AWS", onrenamed, onerror });
    await fireEvent.click(screen.getByTestId("provider-rename-open"));
    const field = screen.getByTestId("provider-rename-name") as HTMLInputElement;
    await fireEvent.input(field, { target: { value: "Stripe" } });
    await fireEvent.submit(field.form!);
    expect((await screen.findByRole("alert")).textContent).toContain("already exists");
    expect(onrenamed).not.toHaveBeenCalled();
    expect(onerror).not.toHaveBeenCalled();
  });
});
