// The column mapping a person makes in the import wizard for a table no layout rule knows:
// the sheet, header rows, data range and each column's role, turned into the mapping profile
// Rust reads (columns by letter here; Rust names them by title when it keeps the profile).
import type { Column } from "./gen/Column";
import type { MappingProfile } from "./gen/MappingProfile";
import type { Ownership } from "./gen/Ownership";
import type { SheetGrid } from "./gen/SheetGrid";

/** What a column is for: one of the profile's fields, marks standing for an owner, or nothing. */
export type Role =
  | "ignore"
  | "control_id"
  | "ownership"
  | "provider_narrative"
  | "customer_narrative"
  | "section"
  | `mark:${Ownership}`;

/** The owners a column of marks can stand for. */
const MARK_OWNERS: { owner: Ownership; label: string }[] = [
  { owner: "provider", label: "Marks: provider" },
  { owner: "customer", label: "Marks: customer" },
  { owner: "shared", label: "Marks: shared" },
  { owner: "not_applicable", label: "Marks: not applicable" },
];

export const ROLES: { role: Role; label: string }[] = [
  { role: "ignore", label: "Ignore" },
  { role: "control_id", label: "Control ID" },
  { role: "ownership", label: "Ownership label" },
  ...MARK_OWNERS.map((m) => ({ role: `mark:${m.owner}` as Role, label: m.label })),
  { role: "provider_narrative", label: "Provider narrative" },
  { role: "customer_narrative", label: "Customer narrative" },
  { role: "section", label: "Section" },
];

export type Choices = {
  name: string;
  sheet: string;
  headerRow: number;
  headerRows: 1 | 2;
  firstRow: number | null;
  lastRow: number | null;
  /** Role by column letter; a column left out is ignored. */
  roles: Record<string, Role>;
};

/** Roles only one column may have: picking one for a column takes it from any other. */
const SINGLE: Role[] = ["control_id", "ownership", "provider_narrative", "customer_narrative", "section"];

/** Gives `letter` its role, taking a single role from the column that had it. */
export function assign(roles: Record<string, Role>, letter: string, role: Role): Record<string, Role> {
  const next: Record<string, Role> = {};
  for (const [l, r] of Object.entries(roles)) if (l !== letter && !(SINGLE.includes(role) && r === role)) next[l] = r;
  if (role !== "ignore") next[letter] = role;
  return next;
}

/** The first row of a sheet that holds text in two columns or more: a header, most likely. */
export function guessHeaderRow(grid: SheetGrid | undefined): number {
  const row = grid?.rows.find((r) => r.cells.filter((c) => c.trim() !== "").length >= 2);
  return row?.row ?? grid?.rows[0]?.row ?? 1;
}

/** Fresh choices for a sheet: its likely header, no role yet, named after the file. */
export function freshChoices(grid: SheetGrid | undefined, name: string): Choices {
  return { name, sheet: grid?.name ?? "", headerRow: guessHeaderRow(grid), headerRows: 1, firstRow: null, lastRow: null, roles: {} };
}

const letterOf = (c: Column | undefined): string | null => (c && "letter" in c ? c.letter : null);

/** The choices a profile given by letter stands for (as Rust returns an applied profile). */
export function choicesOf(p: MappingProfile, fallbackName: string): Choices {
  let roles: Record<string, Role> = {};
  const put = (c: Column | undefined, role: Role) => {
    const l = letterOf(c);
    if (l) roles = assign(roles, l, role);
  };
  put(p.control_id, "control_id");
  for (const c of p.ownership ?? []) put(c, "ownership");
  for (const m of p.marks ?? []) put(m.column, `mark:${m.owner}`);
  put(p.provider_narrative, "provider_narrative");
  put(p.customer_narrative, "customer_narrative");
  put(p.section, "section");
  return {
    name: p.name ?? fallbackName,
    sheet: p.sheet ?? "",
    headerRow: p.header_row ?? 1,
    headerRows: p.header_rows === 2 ? 2 : 1,
    firstRow: p.first_row ?? null,
    lastRow: p.last_row ?? null,
    roles,
  };
}

/** What the choices still lack before a table can be read, in words; null when nothing. */
export function missing(c: Choices): string | null {
  const roles = Object.values(c.roles);
  if (!roles.includes("control_id")) return "Pick the column of control IDs.";
  if (!roles.includes("ownership") && !roles.some((r) => r.startsWith("mark:")))
    return "Pick the ownership column, or the columns of marks and whom each stands for.";
  return null;
}

/** The profile the choices make, or null while they are incomplete. */
export function profileOf(c: Choices): MappingProfile | null {
  if (missing(c)) return null;
  const letter = (l: string): Column => ({ letter: l });
  const the = (role: Role) => {
    const found = Object.entries(c.roles).find(([, r]) => r === role);
    return found ? letter(found[0]) : undefined;
  };
  const ordered = Object.entries(c.roles).sort(([a], [b]) => a.length - b.length || a.localeCompare(b));
  const ownership = ordered.filter(([, r]) => r === "ownership").map(([l]) => letter(l));
  const marks = ordered
    .filter(([, r]) => r.startsWith("mark:"))
    .map(([l, r]) => ({ column: letter(l), owner: r.slice("mark:".length) as Ownership }));
  const profile: MappingProfile = {
    sheet: c.sheet,
    header_row: c.headerRow,
    header_rows: c.headerRows,
    control_id: letter(Object.entries(c.roles).find(([, r]) => r === "control_id")![0]),
  };
  if (c.name.trim()) profile.name = c.name.trim();
  if (c.firstRow) profile.first_row = c.firstRow;
  if (c.lastRow) profile.last_row = c.lastRow;
  if (ownership.length) profile.ownership = ownership;
  if (marks.length) profile.marks = marks;
  const provider = the("provider_narrative");
  const customer = the("customer_narrative");
  const section = the("section");
  if (provider) profile.provider_narrative = provider;
  if (customer) profile.customer_narrative = customer;
  if (section) profile.section = section;
  return profile;
}

/** Where a row of the grid stands: in the header, in the data read, or outside. */
export function rowKind(c: Choices, row: number): "header" | "data" | "outside" {
  const headerEnd = c.headerRow + c.headerRows - 1;
  if (row >= c.headerRow && row <= headerEnd) return "header";
  const first = c.firstRow ?? headerEnd + 1;
  if (row < first || (c.lastRow !== null && row > c.lastRow)) return "outside";
  return "data";
}
