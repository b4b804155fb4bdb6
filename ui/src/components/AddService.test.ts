import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeShell } from "../test/fixtures";
import AddService from "./AddService.svelte";

afterEach(() => clearMocks());

describe("AddService", () => {
  it("fills provider and model from a known service and adds it", async () => {
    const shell = fakeShell();
    mockIPC((cmd, args) => shell.handle(cmd, args));
    const onadded = vi.fn();
    render(AddService, { frameworks: ["soc2", "pci_dss"], onadded, onerror: vi.fn() });

    await fireEvent.input(screen.getByTestId("add-service-name"), { target: { value: "aws lambda" } });
    expect((screen.getByLabelText("Provider") as HTMLInputElement).value).toBe("AWS");
    expect((screen.getByLabelText("Service model") as HTMLSelectElement).value).toBe("faas");
    await fireEvent.click(screen.getByTestId("add-service-submit"));

    await waitFor(() => expect(onadded).toHaveBeenCalledOnce());
    expect(shell.calls.find((c) => c.cmd === "add_service")?.args).toEqual({
      service: {
        name: "Lambda",
        provider: "AWS",
        model: "faas",
        sensitivity: "medium",
        data_types: [],
        frameworks: ["soc2", "pci_dss"],
      },
    });
    expect((screen.getByTestId("add-service-name") as HTMLInputElement).value).toBe("");
  });

  it("asks for a provider before calling the shell", async () => {
    const shell = fakeShell();
    mockIPC((cmd, args) => shell.handle(cmd, args));
    const onerror = vi.fn();
    render(AddService, { frameworks: [], onadded: vi.fn(), onerror });
    await fireEvent.input(screen.getByTestId("add-service-name"), { target: { value: "Mainframe" } });
    await fireEvent.click(screen.getByTestId("add-service-submit"));
    expect(onerror).toHaveBeenCalledWith(expect.stringContaining("provider"));
    expect(shell.calls).toHaveLength(0);
  });
});
