import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Service } from "../lib/gen/Service";
import { fakeShell } from "../test/fixtures";
import ServiceSetup from "./ServiceSetup.svelte";

afterEach(() => clearMocks());

function setup() {
  const shell = fakeShell();
  mockIPC((cmd, args) => shell.handle(cmd, args));
  const props = { onchanged: vi.fn(), onremoved: vi.fn() };
  const s3 = structuredClone(shell.opened.view.services[4]);
  const view = render(ServiceSetup, { service: s3, frameworks: ["soc2", "hipaa", "pci_dss"], providers: ["AWS", "Microsoft"], ...props });
  props.onchanged.mockImplementation((service: Service) => view.rerender({ service }));
  return { shell, props };
}

const el = (id: string) => screen.getByTestId(id) as HTMLInputElement;

describe("ServiceSetup", () => {
  it("sets the data types, sensitivity and frameworks, each at once", async () => {
    const { shell, props } = setup();
    await fireEvent.click(el("setup-data-phi"));
    await waitFor(() => expect(props.onchanged).toHaveBeenCalledTimes(1));
    await fireEvent.click(el("setup-data-pii"));
    await waitFor(() => expect(props.onchanged).toHaveBeenCalledTimes(2));
    expect(shell.calls.filter((c) => c.cmd === "set_data_types").at(-1)?.args).toEqual({ serviceId: 5, dataTypes: ["phi", "pii"] });
    await fireEvent.click(el("setup-sensitivity-low"));
    await waitFor(() => expect(shell.calls.find((c) => c.cmd === "set_sensitivity")?.args).toEqual({ serviceId: 5, sensitivity: "low" }));
    expect(el("setup-service-framework-pci_dss").checked).toBe(false);
    await fireEvent.click(el("setup-service-framework-pci_dss"));
    await waitFor(() =>
      expect(shell.calls.find((c) => c.cmd === "set_service_framework")?.args).toEqual({ serviceId: 5, framework: "pci_dss", inScope: true }),
    );
  });

  it("renames and moves to another provider on Enter, a refusal on its field", async () => {
    const { shell } = setup();
    await fireEvent.input(el("setup-service-provider"), { target: { value: "Amazon Web Services" } });
    await fireEvent.submit(el("setup-service-provider").form!);
    await waitFor(() => expect(shell.calls.find((c) => c.cmd === "set_service_provider")?.args).toEqual({ serviceId: 5, provider: "Amazon Web Services" }));
    await fireEvent.input(el("setup-service-name"), { target: { value: "ec2" } });
    await fireEvent.submit(el("setup-service-name").form!);
    const error = await screen.findByRole("alert");
    expect(error.dataset.field).toBe("name");
    expect(error.textContent).toContain("already exists");
  });

  it("records the region on Enter and clears it when emptied", async () => {
    const { shell } = setup();
    await fireEvent.input(el("setup-service-region"), { target: { value: "us-east-1" } });
    await fireEvent.submit(el("setup-service-region").form!);
    await waitFor(() => expect(shell.calls.find((c) => c.cmd === "set_service_region")?.args).toEqual({ serviceId: 5, region: "us-east-1" }));
    await fireEvent.input(el("setup-service-region"), { target: { value: "  " } });
    await fireEvent.submit(el("setup-service-region").form!);
    await waitFor(() => expect(shell.calls.filter((c) => c.cmd === "set_service_region").at(-1)?.args).toEqual({ serviceId: 5, region: null }));
  });

  it("asks a reason before changing the model", async () => {
    const { shell } = setup();
    await fireEvent.change(el("setup-service-model"), { target: { value: "iaas" } });
    const reason = await screen.findByTestId("setup-model-reason");
    await fireEvent.submit(reason.closest("form")!);
    expect((await screen.findByRole("alert")).dataset.field).toBe("reason");
    expect(shell.calls.some((c) => c.cmd === "set_service_model")).toBe(false);
    await fireEvent.input(reason, { target: { value: "self-managed buckets gateway" } });
    await fireEvent.submit(reason.closest("form")!);
    await waitFor(() => expect(shell.calls.some((c) => c.cmd === "set_service_model")).toBe(true));
  });

  it("says what removing it takes before removing it", async () => {
    const { shell, props } = setup();
    await fireEvent.click(el("setup-remove"));
    const panel = await screen.findByTestId("setup-removal");
    expect(panel.textContent).toContain("2 control decisions");
    expect(shell.calls.some((c) => c.cmd === "remove_service")).toBe(false);
    await fireEvent.click(el("setup-remove-confirm"));
    await waitFor(() => expect(props.onremoved).toHaveBeenCalledOnce());
  });
});
