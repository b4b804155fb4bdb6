import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import { NO_GAP_FILTERS } from "../lib/gaps";
import type { Gap } from "../lib/gen/Gap";
import type { GapReport } from "../lib/gen/GapReport";
import GapsView from "./GapsView.svelte";

const base: Omit<Gap, "kind" | "severity"> = {
  service: "EC2",
  provider: "AWS",
  framework: "soc2",
  control: "CC6.4",
  message: "no current attestation covers it",
  why: "The auditor has nothing to rely on.",
  fix: "Record a current attestation.",
  link: { to: "row", service_id: 1, framework: "soc2", control: "CC6.4" },
};

const REPORT: GapReport = {
  today: "2026-12-15",
  gaps: [
    { ...base, kind: "phi_without_baa", severity: "high", service: "Lambda", framework: "hipaa", control: null, link: { to: "service", service_id: 3 } },
    { ...base, kind: "provider_unattested", severity: "medium" },
    { ...base, kind: "vendor_review_overdue", severity: "low", service: null, framework: null, control: null, link: { to: "provider", name: "Stripe" } },
  ],
  by_service: [
    { key: "EC2", high: 0, medium: 1, low: 0, total: 1 },
    { key: "Lambda", high: 1, medium: 0, low: 0, total: 1 },
  ],
  by_framework: [{ key: "soc2", high: 0, medium: 1, low: 0, total: 1 }],
  by_kind: [],
  accepted: [],
};

const shownKinds = () => screen.queryAllByTestId("gap").map((g) => g.dataset.kind);

describe("GapsView", () => {
  it("counts by severity, filters by severity, kind, service and framework, and opens a gap", async () => {
    const onopen = vi.fn();
    render(GapsView, { report: REPORT, filters: { ...NO_GAP_FILTERS }, onopen });
    expect(screen.getAllByTestId("gap-total").map((t) => t.textContent?.replace(/\s+/g, " ").trim())).toEqual(["1 High", "1 Medium", "1 Low"]);
    expect(shownKinds()).toEqual(["phi_without_baa", "provider_unattested", "vendor_review_overdue"]);

    await fireEvent.change(screen.getByTestId("gap-filter-severity"), { target: { value: "medium" } });
    expect(shownKinds()).toEqual(["provider_unattested"]);
    await fireEvent.change(screen.getByTestId("gap-filter-severity"), { target: { value: "" } });

    await fireEvent.change(screen.getByTestId("gap-filter-service"), { target: { value: "Lambda" } });
    expect(shownKinds()).toEqual(["phi_without_baa"]);
    await fireEvent.change(screen.getByTestId("gap-filter-framework"), { target: { value: "soc2" } });
    expect(shownKinds()).toEqual([]);
    expect(screen.getByText("No gap matches these filters.")).toBeTruthy();
    await fireEvent.change(screen.getByTestId("gap-filter-service"), { target: { value: "" } });
    expect(shownKinds()).toEqual(["provider_unattested"]);

    await fireEvent.change(screen.getByTestId("gap-filter-framework"), { target: { value: "" } });
    await fireEvent.change(screen.getByTestId("gap-filter-kind"), { target: { value: "vendor_review_overdue" } });
    expect(shownKinds()).toEqual(["vendor_review_overdue"]);

    await fireEvent.click(screen.getByTestId("gap"));
    expect(onopen).toHaveBeenCalledWith(REPORT.gaps[2]);
  });

  it("sets the service filter from its count", async () => {
    render(GapsView, { report: REPORT, filters: { ...NO_GAP_FILTERS }, onopen: vi.fn() });
    await fireEvent.click(screen.getByRole("button", { name: "EC2" }));
    expect(shownKinds()).toEqual(["provider_unattested"]);
    expect((screen.getByTestId("gap-filter-service") as HTMLSelectElement).value).toBe("EC2");
  });

  it("names an entity-level row's gap Entity and filters on it", async () => {
    const entity: Gap = {
      ...base,
      kind: "customer_no_evidence",
      severity: "medium",
      service: null,
      provider: null,
      control: "CC1.1",
      link: { to: "row", service_id: null, framework: "soc2", control: "CC1.1" },
    };
    render(GapsView, {
      report: { ...REPORT, gaps: [...REPORT.gaps, entity] },
      filters: { ...NO_GAP_FILTERS },
      onopen: vi.fn(),
    });
    await fireEvent.change(screen.getByTestId("gap-filter-service"), { target: { value: "Entity" } });
    expect(shownKinds()).toEqual(["customer_no_evidence"]);
    expect(screen.getByTestId("gap").dataset.service).toBe("Entity");
  });

  it("moves between the cards with the arrows, the list one Tab stop, the first card focused on arrival", async () => {
    const onopen = vi.fn();
    render(GapsView, { report: REPORT, filters: { ...NO_GAP_FILTERS }, onopen });
    const cards = () => screen.getAllByTestId("gap");
    await waitFor(() => expect(document.activeElement).toBe(cards()[0]));
    expect(cards().map((c) => c.tabIndex)).toEqual([0, -1, -1]);
    await fireEvent.keyDown(cards()[0], { key: "ArrowDown" });
    await waitFor(() => expect(document.activeElement).toBe(cards()[1]));
    expect(cards().map((c) => c.tabIndex)).toEqual([-1, 0, -1]);
    await fireEvent.keyDown(cards()[1], { key: "End" });
    await waitFor(() => expect(document.activeElement).toBe(cards()[2]));
    await fireEvent.keyDown(cards()[2], { key: "ArrowDown" });
    expect(document.activeElement).toBe(cards()[2]);
    await fireEvent.keyDown(cards()[2], { key: "ArrowUp" });
    await waitFor(() => expect(document.activeElement).toBe(cards()[1]));
    await fireEvent.click(document.activeElement!);
    expect(onopen).toHaveBeenCalledWith(REPORT.gaps[1]);
  });

  it("searches the gaps' text: / focuses the search, ArrowDown goes to the first card found", async () => {
    render(GapsView, { report: REPORT, filters: { ...NO_GAP_FILTERS }, onopen: vi.fn() });
    await waitFor(() => expect(document.activeElement?.getAttribute("data-testid")).toBe("gap"));
    await fireEvent.keyDown(document.activeElement!, { key: "/" });
    const search = screen.getByTestId("gap-search") as HTMLInputElement;
    expect(document.activeElement).toBe(search);
    await fireEvent.input(search, { target: { value: "review DUE" } });
    expect(shownKinds()).toEqual(["vendor_review_overdue"]);
    expect(screen.getByTestId("gap-shown").textContent).toBe("1 of 3 gaps");
    await fireEvent.input(search, { target: { value: "BAA lambda" } });
    expect(shownKinds()).toEqual(["phi_without_baa"]);
    await fireEvent.keyDown(search, { key: "ArrowDown" });
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("gap")));
  });
});
