// The matrix screen's logic, free of the DOM: filtering, selection and the rows in view.
import type { GapReport } from "./gen/GapReport";
import type { Framework } from "./gen/Framework";
import type { MatrixRow } from "./gen/MatrixRow";
import type { OwnerSource } from "./gen/OwnerSource";
import type { Ownership } from "./gen/Ownership";
import type { Scope } from "./gen/Scope";
import { ENTITY_LABEL } from "./gen/vocabulary";

export type MatrixFilters = {
  framework: Framework | "";
  family: string;
  owner: Ownership | "";
  source: OwnerSource | "";
  /** A service's name, or `Entity` for the entity-level rows. */
  service: string;
  /** Only the entity-level rows, or only the rows per service. */
  scope: Scope | "";
  text: string;
  /** Only the rows with an open gap. */
  gaps: boolean;
};

export const NO_FILTERS: MatrixFilters = {
  framework: "",
  family: "",
  owner: "",
  source: "",
  service: "",
  scope: "",
  text: "",
  gaps: false,
};

/** What a row's service column shows: its service, or `Entity` for the client's own controls. */
export function serviceLabel(row: MatrixRow): string {
  return row.service ?? ENTITY_LABEL;
}

/** How a gap and a matrix row name the same row; an entity-level row has no service. */
export function gapKey(service: string | null, framework: string, control: string): string {
  return `${service ?? ""}\u0000${framework}\u0000${control}`;
}

/** The rows the store's gap rules flag, as keys of `gapKey`. */
export function gapRows(report: GapReport): Set<string> {
  const keys = new Set<string>();
  for (const g of report.gaps) {
    if (g.link.to === "row") keys.add(gapKey(g.service, g.link.framework, g.link.control));
  }
  return keys;
}

// `short` fits the grid's narrow column; the details panel shows `label`.
export const SOURCES: readonly { id: OwnerSource; label: string; short: string }[] = [
  { id: "override", label: "Override", short: "Override" },
  { id: "provider_matrix", label: "Provider matrix", short: "Provider" },
  { id: "crosswalk", label: "Crosswalk", short: "Crosswalk" },
  { id: "layer_default", label: "Layer default", short: "Layers" },
  { id: "vendor_report", label: "Vendor's attestation (requirement not covered)", short: "Vendor" },
  { id: "scoping", label: "Scoping profile", short: "Scoping" },
];

/** How a row claimed inherited with no current attestation behind it reads. */
export const CLAIMED = "Claimed inherited, no attestation";

/** What the app says when rows set to inherited have no current attestation covering them. */
export function claimedWarning(count: number): string {
  const rows = count === 1 ? "1 row has" : `${count} rows have`;
  return `${rows} no current attestation covering it: recorded as the provider's, claimed inherited, a high gap until one is on file.`;
}

/** What the customer does on a row: the part written on it, else the mapped CUECs. */
export function customerPart(row: MatrixRow): string {
  if (row.customer_part) return row.customer_part;
  return (row.cuecs ?? []).map((c) => `CUEC ${c.number} of ${c.report}: ${c.text}`).join("; ");
}

/**
 * What the explanation column says: a person's reason, else for a row a crosswalk decides the
 * provider rows that decided it, else how the layers decide it.
 */
export function whyText(row: MatrixRow): string {
  if (row.reason) return row.reason;
  if (row.source === "crosswalk" && row.crosswalk?.decided) return `Crosswalk: ${row.crosswalk.decided.reason}`;
  return row.explanation;
}

export function sourceLabel(id: OwnerSource, short = false): string {
  const source = SOURCES.find((s) => s.id === id);
  return (short ? source?.short : source?.label) ?? id;
}

/** One row's identity: a control appears once per service and framework, or once. */
export function rowKey(row: MatrixRow): string {
  return `${row.service_id ?? "entity"}|${row.framework}|${row.control}`;
}

/**
 * True when `id` is `prefix` or continues it after a separator, as the store reads a family:
 * `AC` takes `AC-2` but `C1` does not take `CC1.1`, and `8.4` does not take `8.45`.
 */
export function inFamily(prefix: string, id: string): boolean {
  return familyOf(prefix)(id);
}

// The prefix is prepared once per filter, not once per row.
function familyOf(prefix: string): (id: string) => boolean {
  const p = prefix.trim().toLowerCase();
  const open = /[-.]$/.test(p);
  return (id) => {
    if (!p || id.length < p.length || id.slice(0, p.length).toLowerCase() !== p) return false;
    const next = id.charAt(p.length);
    return open || next === "" || next === "-" || next === "(" || next === ".";
  };
}

// What the text filter searches, lowered once per row: typing re-filters on every key.
const haystacks = new WeakMap<MatrixRow, string>();

function haystack(row: MatrixRow): string {
  let text = haystacks.get(row);
  if (text === undefined) {
    text = [row.control, row.title, serviceLabel(row), row.explanation, row.reason ?? "", row.customer_part ?? ""]
      .join("\n")
      .toLowerCase();
    haystacks.set(row, text);
  }
  return text;
}

/** The rows every set filter keeps, in their original order. */
export function filterRows(
  rows: readonly MatrixRow[],
  f: MatrixFilters,
  withGaps: ReadonlySet<string> = new Set(),
): MatrixRow[] {
  const text = f.text.trim().toLowerCase();
  const family = f.family.trim() ? familyOf(f.family) : null;
  return rows.filter(
    (r) =>
      (!f.framework || r.framework === f.framework) &&
      (!f.owner || r.owner === f.owner) &&
      (!f.source || r.source === f.source) &&
      (!f.service || serviceLabel(r) === f.service) &&
      (!f.scope || r.scope === f.scope) &&
      (!family || family(r.control)) &&
      (!f.gaps || withGaps.has(gapKey(r.service, r.framework, r.control))) &&
      (!text || haystack(r).includes(text)),
  );
}

/** The cursor and the selected rows, by index into the filtered rows. */
export type Selection = { cursor: number; anchor: number; picked: ReadonlySet<string> };

export const EMPTY_SELECTION: Selection = { cursor: 0, anchor: 0, picked: new Set() };

function clamp(index: number, count: number): number {
  return Math.max(0, Math.min(count - 1, index));
}

/**
 * Moves the cursor by `step` rows. With `extend` (Shift), the rows from the anchor to the new
 * cursor become the selection; otherwise the anchor follows and the picked rows stay.
 */
export function move(rows: readonly MatrixRow[], s: Selection, step: number, extend: boolean): Selection {
  if (rows.length === 0) return EMPTY_SELECTION;
  const cursor = clamp(s.cursor + step, rows.length);
  if (!extend) return { cursor, anchor: cursor, picked: s.picked };
  const [from, to] = s.anchor <= cursor ? [s.anchor, cursor] : [cursor, s.anchor];
  return { cursor, anchor: s.anchor, picked: new Set(rows.slice(from, to + 1).map(rowKey)) };
}

/** Space: the row under the cursor joins or leaves the selection. */
export function toggle(rows: readonly MatrixRow[], s: Selection): Selection {
  const row = rows[s.cursor];
  if (!row) return s;
  const picked = new Set(s.picked);
  const key = rowKey(row);
  if (picked.has(key)) picked.delete(key);
  else picked.add(key);
  return { ...s, picked };
}

/** The rows a change applies to: the picked ones still shown, else the row under the cursor. */
export function targets(rows: readonly MatrixRow[], s: Selection): MatrixRow[] {
  const picked = rows.filter((r) => s.picked.has(rowKey(r)));
  if (picked.length > 0) return picked;
  const row = rows[s.cursor];
  return row ? [row] : [];
}

/** The first and past-the-last index of the rows to draw, with `overscan` rows either side. */
export function windowOf(
  scrollTop: number,
  viewport: number,
  rowHeight: number,
  count: number,
  overscan = 8,
): { start: number; end: number } {
  const first = Math.floor(scrollTop / rowHeight);
  const start = Math.max(0, first - overscan);
  const end = Math.min(count, first + Math.ceil(viewport / rowHeight) + overscan);
  return { start, end: Math.max(start, end) };
}

/** The distinct values of a column, in first-seen order, for a filter's choices. */
export function distinct<T>(rows: readonly MatrixRow[], pick: (r: MatrixRow) => T): T[] {
  return [...new Set(rows.map(pick))];
}
