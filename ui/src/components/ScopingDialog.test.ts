import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Framework } from "../lib/gen/Framework";
import { fakeShell, makeService } from "../test/fixtures";
import ScopingDialog from "./ScopingDialog.svelte";

afterEach(() => clearMocks());

function setup(frameworks: Framework[], initial: Framework | null = null, services = [] as ReturnType<typeof makeService>[]) {
  const shell = fakeShell();
  mockIPC((cmd, args) => shell.handle(cmd, args));
  const props = { onsaved: vi.fn(), onclose: vi.fn() };
  render(ScopingDialog, { frameworks, initial, services, ...props });
  return { shell, props };
}

describe("ScopingDialog", () => {
  it("asks only the frameworks in scope that have questions, the first unanswered first", async () => {
    setup(["iso27001", "soc2", "pci_dss"]);
    await screen.findByTestId("scoping-form");
    expect(screen.queryByTestId("scoping-tab-iso27001")).toBeNull();
    expect(screen.getByTestId("scoping-tab-pci_dss").getAttribute("aria-selected")).toBe("true");
    expect(screen.getByTestId("scoping-tab-soc2").textContent).toContain("not answered");
  });

  it("saves a merchant taking cards through an iframe, then moves to the next framework", async () => {
    const { shell, props } = setup(["pci_dss", "soc2"]);
    await screen.findByTestId("scoping-form");
    await fireEvent.click(screen.getByTestId("scoping-channel-iframe"));
    await fireEvent.submit(screen.getByTestId("scoping-form"));
    await waitFor(() => expect(props.onsaved).toHaveBeenCalledOnce());
    expect(shell.calls.find((c) => c.cmd === "set_scoping_profile")?.args).toEqual({
      profile: {
        framework: "pci_dss",
        entity: "merchant",
        channels: ["iframe"],
        multi_tenant: false,
        designated_entity: false,
        early_tls_poi: false,
        issuer: false,
      },
    });
    await waitFor(() => expect(screen.getByTestId("scoping-tab-soc2").getAttribute("aria-selected")).toBe("true"));
    expect(screen.getByTestId("scoping-tab-pci_dss").textContent).toContain("answered");
  });

  it("keeps Security in a SOC 2 report and adds the categories chosen", async () => {
    const { shell } = setup(["soc2"]);
    await screen.findByTestId("scoping-form");
    expect((screen.getByTestId("scoping-category-security") as HTMLInputElement).disabled).toBe(true);
    await fireEvent.click(screen.getByTestId("scoping-category-availability"));
    await fireEvent.submit(screen.getByTestId("scoping-form"));
    await waitFor(() => expect(shell.profiles()).toHaveLength(1));
    expect(shell.profiles()[0]).toEqual({ framework: "soc2", categories: ["security", "availability"] });
  });

  it("shows a refused answer on its field and saves nothing", async () => {
    const { shell, props } = setup(["pci_dss"], "pci_dss");
    await screen.findByTestId("scoping-form");
    await fireEvent.submit(screen.getByTestId("scoping-form"));
    const error = await screen.findByRole("alert");
    expect(error.dataset.field).toBe("channels");
    expect(error.textContent).toContain("at least one channel");
    expect(props.onsaved).not.toHaveBeenCalled();
    expect(shell.profiles()).toHaveLength(0);
  });

  it("names the service that serves the payment page among those in PCI DSS scope", async () => {
    const page = { ...makeService(4, "EKS", "AWS", "caas_customer_nodes"), frameworks: ["pci_dss" as Framework] };
    const directory = { ...makeService(6, "Entra ID", "Microsoft", "saas"), frameworks: ["pci_dss" as Framework] };
    const crm = { ...makeService(7, "Salesforce", "Salesforce", "saas"), frameworks: ["soc2" as Framework] };
    const { shell } = setup(["pci_dss"], "pci_dss", [page, directory, crm]);
    await screen.findByTestId("scoping-form");
    expect(screen.queryByTestId("scoping-payment-page-7")).toBeNull();
    await fireEvent.click(screen.getByTestId("scoping-channel-iframe"));
    await fireEvent.click(screen.getByTestId("scoping-payment-page-4"));
    await fireEvent.submit(screen.getByTestId("scoping-form"));
    await waitFor(() => expect(shell.profiles()).toHaveLength(1));
    expect(shell.profiles()[0]).toMatchObject({ framework: "pci_dss", channels: ["iframe"], payment_page_services: [4] });
  });

  it("records how the client validates and each service's PCI DSS scope with why", async () => {
    const page = { ...makeService(4, "EKS", "AWS", "caas_customer_nodes"), frameworks: ["pci_dss" as Framework] };
    const crm = { ...makeService(7, "Salesforce", "Salesforce", "saas"), frameworks: ["soc2" as Framework] };
    const { shell } = setup(["pci_dss"], "pci_dss", [page, crm]);
    await screen.findByTestId("scoping-form");
    await fireEvent.click(screen.getByTestId("scoping-channel-iframe"));
    await fireEvent.change(screen.getByTestId("scoping-validation"), { target: { value: "saq_a" } });
    await fireEvent.input(screen.getByTestId("scoping-validation-reason"), { target: { value: "only the iframe" } });
    const why = screen.getByTestId("scoping-scope-why-7") as HTMLInputElement;
    expect(why.disabled).toBe(true);
    await fireEvent.change(screen.getByTestId("scoping-scope-7"), { target: { value: "out_of_scope" } });
    await fireEvent.input(screen.getByTestId("scoping-scope-why-7"), { target: { value: "no card data" } });
    await fireEvent.change(screen.getByTestId("scoping-scope-4"), { target: { value: "payment_page" } });
    await fireEvent.input(screen.getByTestId("scoping-scope-why-4"), { target: { value: "serves the checkout page" } });
    await fireEvent.submit(screen.getByTestId("scoping-form"));
    await waitFor(() => expect(shell.profiles()).toHaveLength(1));
    expect(shell.profiles()[0]).toMatchObject({
      framework: "pci_dss",
      validation: "saq_a",
      validation_reason: "only the iframe",
      service_scope: [
        { service_id: 4, scope: "payment_page", rationale: "serves the checkout page" },
        { service_id: 7, scope: "out_of_scope", rationale: "no card data" },
      ],
    });
  });
});
