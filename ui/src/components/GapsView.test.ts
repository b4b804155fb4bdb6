import { fireEvent, render, screen } from "@testing-library/svelte";
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
});
