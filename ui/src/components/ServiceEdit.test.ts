import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeShell } from "../test/fixtures";
import ServiceEdit from "./ServiceEdit.svelte";

afterEach(() => clearMocks());

function setup() {
  const shell = fakeShell();
  mockIPC((cmd, args) => shell.handle(cmd, args));
  const props = { onrenamed: vi.fn(), onremoved: vi.fn(), onerror: vi.fn() };
  const rds = shell.opened.view.services[1];
  render(ServiceEdit, { service: structuredClone(rds), ...props });
  return { shell, props };
}

describe("ServiceEdit", () => {
  it("renames from a focused field and Enter", async () => {
    const { shell, props } = setup();
    await fireEvent.click(screen.getByTestId("rename-service"));
    const field = screen.getByTestId("rename-service-name") as HTMLInputElement;
    await waitFor(() => expect(document.activeElement).toBe(field));
    expect(field.value).toBe("RDS");
    await fireEvent.input(field, { target: { value: "RDS prod" } });
    await fireEvent.submit(field.form!);
    await waitFor(() => expect(props.onrenamed).toHaveBeenCalledOnce());
    expect(props.onrenamed.mock.calls[0][0].name).toBe("RDS prod");
    expect(props.onrenamed.mock.calls[0][1]).toBe("RDS");
    expect(shell.calls.find((c) => c.cmd === "rename_service")?.args).toEqual({ serviceId: 2, name: "RDS prod" });
  });

  it("shows a refused name on the field and keeps the form open", async () => {
    const { props } = setup();
    await fireEvent.click(screen.getByTestId("rename-service"));
    const field = screen.getByTestId("rename-service-name") as HTMLInputElement;
    await fireEvent.input(field, { target: { value: "ec2" } });
    await fireEvent.submit(field.form!);
    const error = await screen.findByRole("alert");
    expect(error.dataset.field).toBe("name");
    expect(error.textContent).toContain("already exists");
    expect(field.getAttribute("aria-invalid")).toBe("true");
    expect(props.onrenamed).not.toHaveBeenCalled();
    expect(props.onerror).not.toHaveBeenCalled();
  });

  it("shows what a removal takes before it removes, and Escape cancels", async () => {
    const { shell, props } = setup();
    await fireEvent.click(screen.getByTestId("remove-service-open"));
    const counts = await screen.findByTestId("removal-counts");
    expect(counts.textContent).toContain("1 layer override");
    expect(counts.textContent).toContain("2 control decisions");
    expect(counts.textContent).toContain("1 evidence record");
    expect(counts.textContent).toContain("its coverage in 1 attestation");
    expect(counts.textContent).toContain("its links to 0 provider matrices");
    expect(shell.calls.some((c) => c.cmd === "remove_service")).toBe(false);
    const confirm = screen.getByTestId("remove-service-confirm");
    await waitFor(() => expect(document.activeElement).toBe(confirm));

    await fireEvent.keyDown(confirm, { key: "Escape" });
    expect(screen.queryByTestId("removal-counts")).toBeNull();
    expect(shell.calls.some((c) => c.cmd === "remove_service")).toBe(false);

    await fireEvent.click(screen.getByTestId("remove-service-open"));
    await fireEvent.click(await screen.findByTestId("remove-service-confirm"));
    await waitFor(() => expect(props.onremoved).toHaveBeenCalledOnce());
    expect(props.onremoved.mock.calls[0][0]).toMatchObject({ service_id: 2, service: "RDS" });
  });
});
