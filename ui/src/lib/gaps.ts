// The gap dashboard's logic, free of the DOM: labels, filters and counts.
import type { Framework } from "./gen/Framework";
import type { Gap } from "./gen/Gap";
import type { GapKind } from "./gen/GapKind";
import type { Severity } from "./gen/Severity";
import { ENTITY_LABEL } from "./gen/vocabulary";

export const SEVERITIES: readonly { id: Severity; label: string }[] = [
  { id: "high", label: "High" },
  { id: "medium", label: "Medium" },
  { id: "low", label: "Low" },
];

const KIND_LABELS: Record<GapKind, string> = {
  undetermined_layer: "Layer undecided",
  undetermined_control: "Control undecided",
  entity_disagreement: "Per-service decisions disagree",
  provider_unattested: "Provider, no attestation",
  inherited_unattested: "Claimed inherited, no attestation",
  third_party_carved_out: "Third party carved out of the report",
  customer_no_evidence: "Customer, no evidence",
  shared_no_customer_part: "Shared, customer's part missing",
  na_no_justification: "N/A without a reason",
  evidence_overdue: "Evidence overdue",
  cuec_no_owner: "CUEC without an owner",
  cuec_unmapped: "CUEC not mapped to your criteria",
  cuec_no_evidence: "CUEC without evidence",
  cuecs_unconfirmed: "Report lists no CUECs?",
  exceptions_unrecorded: "Report exceptions not recorded",
  exception_unassessed: "Report exception not assessed",
  soc2_stale: "SOC 2 report stale",
  soc2_window_gap: "Audit window not covered",
  bridge_letter_long: "Bridge letter too long",
  phi_without_baa: "PHI without a BAA",
  aoc_stale: "AOC older than 12 months",
  aoc_service_missing: "Service missing from the AOC",
  iso_expired: "ISO certificate expired",
  lapses_in_window: "Lapses inside the audit window",
  vendor_review_overdue: "Vendor review due",
  scoping_not_answered: "Scoping not answered",
  csoc_unsupported: "CSOC without the provider's report",
};

export function gapKindLabel(kind: GapKind): string {
  return KIND_LABELS[kind] ?? kind;
}

export type GapFilters = {
  severity: Severity | "";
  kind: GapKind | "";
  service: string;
  framework: Framework | "";
  /** Words the gap's text must hold, in any case. */
  text: string;
};

export const NO_GAP_FILTERS: GapFilters = { severity: "", kind: "", service: "", framework: "", text: "" };

// What the text search reads of a gap: its kind in words, where it is, and what it says.
function searched(g: Gap): string {
  return [gapKindLabel(g.kind), gapService(g), g.provider, g.framework, g.control, g.message, g.why, g.fix]
    .filter(Boolean)
    .join("\n")
    .toLowerCase();
}

/** The gaps every set filter keeps, in the report's order (most severe first). */
export function filterGaps(gaps: readonly Gap[], f: GapFilters): Gap[] {
  const words = (f.text ?? "").toLowerCase().split(/\s+/).filter(Boolean);
  return gaps.filter(
    (g) =>
      (!f.severity || g.severity === f.severity) &&
      (!f.kind || g.kind === f.kind) &&
      (!f.service || gapService(g) === f.service) &&
      (!f.framework || g.framework === f.framework) &&
      (words.length === 0 || words.every((w) => searched(g).includes(w))),
  );
}

/** The service a gap names, `Entity` for an entity-level row, or null. */
export function gapService(g: Gap): string | null {
  if (g.service) return g.service;
  return g.link.to === "row" ? ENTITY_LABEL : null;
}

/** How many of `gaps` are of each severity. */
export function bySeverity(gaps: readonly Gap[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { high: 0, medium: 0, low: 0 };
  for (const g of gaps) counts[g.severity] += 1;
  return counts;
}

/** The distinct values of a field, in first-seen order, for a filter's choices. */
export function choices<T>(gaps: readonly Gap[], pick: (g: Gap) => T | null): T[] {
  const seen = new Set<T>();
  for (const g of gaps) {
    const value = pick(g);
    if (value !== null) seen.add(value);
  }
  return [...seen];
}
