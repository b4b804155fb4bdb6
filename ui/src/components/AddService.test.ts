import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeShell } from "../test/fixtures";
import AddService from "./AddService.svelte";

afterEach(() => clearMocks());

describe("AddService", () => {
  it("fills provider and model from a chosen suggestion and adds it", async () => {
    const shell = fakeShell();
    mockIPC((cmd, args) => shell.handle(cmd, args));
    const onadded = vi.fn();
    render(AddService, { frameworks: ["soc2", "pci_dss"], onadded, onerror: vi.fn() });

    await fireEvent.input(screen.getByTestId("add-service-name"), { target: { value: "aws lambda" } });
    const offered = screen.getAllByTestId("add-service-suggestion");
    expect(offered[0].textContent).toContain("AWS Lambda");
    await fireEvent.click(offered[0]);
    expect((screen.getByTestId("add-service-name") as HTMLInputElement).value).toBe("Lambda");
    expect(screen.queryAllByTestId("add-service-suggestion")).toHaveLength(0);
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

  it("keeps what is typed as typed: a suggestion is offered, not taken", async () => {
    const shell = fakeShell();
    mockIPC((cmd, args) => shell.handle(cmd, args));
    const onadded = vi.fn();
    render(AddService, { frameworks: [], onadded, onerror: vi.fn() });
    const field = screen.getByTestId("add-service-name") as HTMLInputElement;

    await fireEvent.input(field, { target: { value: "AWS Lambda" } });
    expect(field.value).toBe("AWS Lambda");
    expect((screen.getByLabelText("Provider") as HTMLInputElement).value).toBe("");
    expect(screen.getAllByTestId("add-service-suggestion").length).toBeGreaterThan(0);
    await fireEvent.input(field, { target: { value: "AWS Lambda " } });
    expect(field.value).toBe("AWS Lambda ");
    await fireEvent.input(field, { target: { value: "AWS Lambda prod" } });
    await fireEvent.input(screen.getByLabelText("Provider"), { target: { value: "AWS" } });
    await fireEvent.click(screen.getByTestId("add-service-submit"));

    await waitFor(() => expect(onadded).toHaveBeenCalledOnce());
    const sent = shell.calls.find((c) => c.cmd === "add_service")?.args as { service: { name: string } };
    expect(sent.service.name).toBe("AWS Lambda prod");
  });

  it("reaches the suggestions with the arrow keys and takes the one chosen", async () => {
    render(AddService, { frameworks: [], onadded: vi.fn(), onerror: vi.fn() });
    const field = screen.getByTestId("add-service-name") as HTMLInputElement;
    await fireEvent.input(field, { target: { value: "EKS" } });
    await fireEvent.keyDown(field, { key: "ArrowDown" });
    const first = screen.getAllByTestId("add-service-suggestion")[0];
    expect(document.activeElement).toBe(first);
    await fireEvent.click(first);
    expect(field.value).toBe("EKS");
    expect((screen.getByLabelText("Service model") as HTMLSelectElement).value).toBe("caas_provider_nodes");
    expect(document.activeElement).toBe(field);
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
