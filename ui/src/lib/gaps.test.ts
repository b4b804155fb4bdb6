import { describe, expect, it } from "vitest";
import { bySeverity, choices, filterGaps, NO_GAP_FILTERS } from "./gaps";
import type { Gap } from "./gen/Gap";

function gap(patch: Partial<Gap>): Gap {
  return {
    kind: "provider_unattested",
    severity: "medium",
    service: "EC2",
    provider: "AWS",
    framework: "soc2",
    control: "CC6.4",
    message: "provider: no current attestation",
    why: "why",
    fix: "fix",
    link: { to: "row", service_id: 1, framework: "soc2", control: "CC6.4" },
    ...patch,
  };
}

const GAPS = [
  gap({ kind: "phi_without_baa", severity: "high", service: "Lambda", framework: "hipaa", control: null }),
  gap({}),
  gap({ service: "S3", control: "CC6.6" }),
  gap({ kind: "vendor_review_overdue", severity: "low", service: null, framework: null, control: null }),
];

describe("the gap dashboard's filters", () => {
  it("keeps every gap with no filter and combines the set ones", () => {
    expect(filterGaps(GAPS, NO_GAP_FILTERS)).toHaveLength(4);
    expect(filterGaps(GAPS, { ...NO_GAP_FILTERS, severity: "medium" }).map((g) => g.service)).toEqual(["EC2", "S3"]);
    expect(filterGaps(GAPS, { ...NO_GAP_FILTERS, kind: "provider_unattested", service: "S3" }).map((g) => g.control)).toEqual(["CC6.6"]);
    expect(filterGaps(GAPS, { ...NO_GAP_FILTERS, framework: "hipaa" }).map((g) => g.kind)).toEqual(["phi_without_baa"]);
    expect(filterGaps(GAPS, { ...NO_GAP_FILTERS, severity: "low", framework: "soc2" })).toEqual([]);
  });

  it("searches the words of a gap, in any case and any order", () => {
    const found = (text: string) => filterGaps(GAPS, { ...NO_GAP_FILTERS, text }).map((g) => `${g.kind} ${g.service}`);
    expect(found("cc6.6")).toEqual(["provider_unattested S3"]);
    expect(found("lambda BAA")).toEqual(["phi_without_baa Lambda"]);
    expect(found("vendor review")).toEqual(["vendor_review_overdue null"]);
    expect(found("  ")).toHaveLength(4);
    expect(found("nothing like it")).toEqual([]);
  });

  it("counts by severity and offers only the values present", () => {
    expect(bySeverity(GAPS)).toEqual({ high: 1, medium: 2, low: 1 });
    expect(choices(GAPS, (g) => g.service)).toEqual(["Lambda", "EC2", "S3"]);
    expect(choices(GAPS, (g) => g.framework)).toEqual(["hipaa", "soc2"]);
  });
});
