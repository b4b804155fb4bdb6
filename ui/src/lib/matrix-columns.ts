// The matrix's columns: their widths (sized by the person, kept between visits) and the order
// each sorts the rows in.
import type { MatrixRow } from "./gen/MatrixRow";
import { serviceLabel, sourceLabel, whyText } from "./matrix";
import { OWNERSHIPS } from "./ownership";
import { frameworkLabel } from "./services";

export type ColumnId =
  | "service"
  | "framework"
  | "control"
  | "title"
  | "layers"
  | "owner"
  | "source"
  | "why"
  | "customer"
  | "evidence";

export type Column = {
  id: ColumnId;
  label: string;
  /** What hovering the header says, when the label needs it. */
  title?: string;
  /** Width in em; a column that grows takes its share of the room left as well. */
  width: number;
  grow?: number;
  /** What the column sorts by: numbers as numbers, text by its words and figures. */
  value: (row: MatrixRow) => string | number;
};

const OWNER_ORDER = new Map(OWNERSHIPS.map((o, i) => [o.id, i]));

export const COLUMNS: readonly Column[] = [
  { id: "service", label: "Service", width: 8, value: serviceLabel },
  { id: "framework", label: "Framework", width: 6.6, value: (r) => frameworkLabel(r.framework) },
  { id: "control", label: "Control", width: 6.5, value: (r) => r.control },
  { id: "title", label: "Title", width: 13, grow: 1.3, value: (r) => r.title },
  { id: "layers", label: "Layers", title: "How many layers the control touches", width: 4.3, value: (r) => r.layers.length },
  { id: "owner", label: "Owner", width: 4.4, value: (r) => OWNER_ORDER.get(r.owner) ?? 99 },
  { id: "source", label: "Source", width: 6.4, value: (r) => sourceLabel(r.source) },
  { id: "why", label: "Explanation or reason", width: 9, grow: 1.2, value: whyText },
  { id: "customer", label: "Customer's part", width: 6.5, value: (r) => r.customer_part ?? "" },
  { id: "evidence", label: "Evidence", title: "Evidence references", width: 5.6, value: (r) => r.evidence.length },
];

export const MIN_WIDTH = 3;
export const MAX_WIDTH = 60;

export type Widths = Record<ColumnId, number>;

export const DEFAULT_WIDTHS = Object.fromEntries(COLUMNS.map((c) => [c.id, c.width])) as Widths;

export function clampWidth(width: number): number {
  return Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, width)) * 10) / 10;
}

/** The grid's column template for the columns shown. */
export function template(columns: readonly Column[], widths: Widths): string {
  return columns.map((c) => (c.grow ? `minmax(${widths[c.id]}em, ${c.grow}fr)` : `${widths[c.id]}em`)).join(" ");
}

/** The narrowest the row may be: every column at its width. */
export function minimumWidth(columns: readonly Column[], widths: Widths): number {
  return columns.reduce((sum, c) => sum + widths[c.id], 0);
}

const STORED = "demarc.matrix.widths";

/** The widths the person set last time, over the defaults. */
export function loadWidths(storage: Pick<Storage, "getItem"> | undefined = globalThis.localStorage): Widths {
  const widths = { ...DEFAULT_WIDTHS };
  try {
    const stored = JSON.parse(storage?.getItem(STORED) ?? "{}") as Record<string, unknown>;
    for (const c of COLUMNS) {
      const w = stored[c.id];
      if (typeof w === "number" && Number.isFinite(w)) widths[c.id] = clampWidth(w);
    }
  } catch {
    // Unreadable: the defaults stand.
  }
  return widths;
}

export function storeWidths(widths: Widths, storage: Pick<Storage, "setItem"> | undefined = globalThis.localStorage) {
  try {
    storage?.setItem(STORED, JSON.stringify(widths));
  } catch {
    // Storage full or refused: the widths last for this visit.
  }
}

export type Sort = { column: ColumnId; descending: boolean };

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

/**
 * The rows in the order of one column, ties kept in their order before (so a sort on owner
 * keeps controls in order within each owner). Text compares figures by value: CC6.2 before
 * CC6.10, AC-2 before AC-10.
 */
export function sortRows(rows: readonly MatrixRow[], sort: Sort): MatrixRow[] {
  const column = COLUMNS.find((c) => c.id === sort.column);
  if (!column) return [...rows];
  const keyed = rows.map((row, index) => ({ row, index, key: column.value(row) }));
  const sign = sort.descending ? -1 : 1;
  keyed.sort((a, b) => {
    const order =
      typeof a.key === "number" && typeof b.key === "number" ? a.key - b.key : collator.compare(String(a.key), String(b.key));
    return order !== 0 ? sign * order : a.index - b.index;
  });
  return keyed.map((k) => k.row);
}

/** A header's next sort: ascending, then descending, then the matrix's own order. */
export function nextSort(current: Sort | null, column: ColumnId): Sort | null {
  if (current?.column !== column) return { column, descending: false };
  return current.descending ? null : { column, descending: true };
}
