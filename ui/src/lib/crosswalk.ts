// How a matrix row was reached through crosswalks, in words: its trails and the suggestion a
// person may accept. The words come from the Rust side's vocabularies, so a trail reads here as
// it does in `demarc matrix` and the exports.
import type { FrameworkCoverage } from "./gen/FrameworkCoverage";
import type { MatrixRow } from "./gen/MatrixRow";
import type { Origin } from "./gen/Origin";
import type { Relation } from "./gen/Relation";
import type { Step } from "./gen/Step";
import type { Trail } from "./gen/Trail";
import { ID_SPACES, RELATIONS } from "./gen/vocabulary";

/** A space's short name in trails (`CCM`, `SOC 2`); an unknown space is named by its source. */
export function spaceShort(space: string): string {
  return ID_SPACES.find((s) => s.id === space)?.short ?? space.replace(/^other:/, "");
}

/** A space's full name (`CSA CCM v4`). */
export function spaceLabel(space: string): string {
  return ID_SPACES.find((s) => s.id === space)?.label ?? space.replace(/^other:/, "");
}

/** A pair's relationship in words, read from the step's `from` to its `to`. */
export function relationWords(relation: Relation, reversed: boolean): string {
  const words = RELATIONS.find((r) => r.id === relation.kind);
  if (!words) return relation.kind;
  const text = reversed ? words.reversed : words.words;
  return relation.kind === "graded" ? text.replace("{grade}", relation.grade) : text;
}

/** The provider row a trail starts from: `WhitePact IAM-09.1 'CSP-owned' (CAIQv4.0.3, row 12)`. */
export function trailStart(trail: Trail): string {
  const s = trail.row.source;
  return `${s.provider} ${s.control_id} '${trail.row.label.trim()}' (${s.sheet}, row ${s.row})`;
}

/** One step after the start: where it arrives and, for a crosswalk, by which pair. */
export type Hop = { to: string; by: string | null };

export function hop(step: Step): Hop {
  if (step.step === "parent") return { to: `${spaceShort(step.space)} ${step.to}`, by: null };
  const relation = relationWords(step.relation, step.reversed);
  return {
    to: `${spaceShort(step.to_space)} ${step.to.trim()}`,
    by: `${step.crosswalk}, ${step.at.sheet} row ${step.at.row}, ${relation}`,
  };
}

/** The trail on one line, as `Trail::text` writes it in Rust. */
export function trailText(trail: Trail): string {
  let out = trailStart(trail);
  for (const step of trail.steps) {
    const h = hop(step);
    out += ` → ${h.to}${h.by ? ` (${h.by})` : ""}`;
  }
  if (trail.depth > 1) out += ", through one pivot";
  if (trail.strength === "suggests") out += " [suggestion]";
  return out;
}

/** The crosswalks a row's trails step through, once each, with where each came from. */
export function crosswalksOf(trails: readonly Trail[]): { name: string; origin: Origin }[] {
  const seen = new Map<string, Origin>();
  for (const t of trails) {
    for (const s of t.steps) {
      if (s.step === "crosswalk" && !seen.has(s.crosswalk)) seen.set(s.crosswalk, s.origin);
    }
  }
  return [...seen].map(([name, origin]) => ({ name, origin }));
}

/** Whose mapping, its version and terms, in a few words. */
export function originText(origin: Origin): string {
  const version = origin.version ? ` ${origin.version}` : "";
  return `${origin.publisher}${version}; ${origin.licence.replace(/\.$/, "")}; ${origin.file}`;
}

/**
 * True when the row's suggestion can be accepted: a service's row crosswalks suggest an owner
 * for, whose owner no person has set.
 */
export function canAccept(row: MatrixRow): boolean {
  return (
    row.service_id !== null &&
    row.source !== "override" &&
    !!row.crosswalk?.suggested &&
    row.crosswalk.suggestions.length > 0
  );
}

/** What the source cell's tooltip says of a crosswalk row: the first trail and how many more. */
export function sourceTitle(row: MatrixRow): string | null {
  const reach = row.crosswalk;
  if (row.source !== "crosswalk" || !reach || reach.trails.length === 0) return null;
  const more = reach.trails.length - 1;
  return `Crosswalk: ${trailText(reach.trails[0])}${more > 0 ? ` (and ${more} more)` : ""}`;
}

/** The coverage columns, in the order the CLI prints them. */
export const COVERAGE_COLUMNS: readonly { id: keyof FrameworkCoverage; label: string; title: string }[] = [
  { id: "controls", label: "Controls", title: "Controls with a row in the matrix" },
  { id: "direct", label: "Directly", title: "A provider row in the framework's own IDs speaks for it" },
  { id: "crosswalk", label: "By crosswalk", title: "Provider rows in other IDs decide it through a crosswalk" },
  { id: "suggestion", label: "Suggestion only", title: "Only suggestions a person may accept reach it" },
  { id: "none", label: "Not reached", title: "No provider row reaches it" },
  { id: "entity", label: "Entity level", title: "The client's own controls: never decided by a provider's answer" },
];

/** The share of a framework's controls one count is, as a whole percentage. */
export function share(count: number, of: number): string {
  return of === 0 ? "–" : `${Math.round((100 * count) / of)}%`;
}
