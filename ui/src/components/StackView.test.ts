import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import { LAYERS } from "../lib/layers";
import { fakeShell } from "../test/fixtures";
import StackView from "./StackView.svelte";

describe("StackView", () => {
  const rds = () => fakeShell().opened.view.services[1];

  it("draws the 14 layers top to bottom with their owners", () => {
    render(StackView, { service: rds(), selectedLayer: "data", onselect: vi.fn(), onedit: vi.fn() });
    const cells = screen.getAllByTestId("stack-layer");
    expect(cells.map((c) => c.dataset.layer)).toEqual(LAYERS.map((l) => l.id));
    const owners = Object.fromEntries(cells.map((c) => [c.dataset.layer, c.dataset.owner]));
    expect(owners).toMatchObject({ data: "customer", runtime: "provider", identity_infra: "shared", network_controls: "customer" });
    expect(cells[0].textContent).toContain("Customer");
  });

  it("marks only the overridden layer, with its reason", () => {
    render(StackView, { service: rds(), selectedLayer: "data", onselect: vi.fn(), onedit: vi.fn() });
    const overridden = screen.getAllByTestId("stack-layer").filter((c) => c.dataset.overridden === "true");
    expect(overridden.map((c) => c.dataset.layer)).toEqual(["network_controls"]);
    expect(overridden[0].textContent).toContain("overridden");
    expect(overridden[0].textContent).toContain("VPC security groups are ours");
    expect(screen.getAllByText("overridden")).toHaveLength(1);
  });

  it("selects and opens the editor on click", async () => {
    const onselect = vi.fn();
    const onedit = vi.fn();
    render(StackView, { service: rds(), selectedLayer: "data", onselect, onedit });
    await fireEvent.click(screen.getAllByTestId("stack-layer")[9]);
    expect(onselect).toHaveBeenCalledWith("os");
    expect(onedit).toHaveBeenCalledWith("os");
  });
});
