// The set-up screens' logic, free of the DOM: the people as a list, what taking a framework
// out of scope takes, the steps of a new engagement's first run, and the labels of a service's
// data.
import type { DataType } from "./gen/DataType";
import type { Engagement } from "./gen/Engagement";
import type { FrameworkRemoval } from "./gen/FrameworkRemoval";
import type { Person } from "./gen/Person";
import type { Sensitivity } from "./gen/Sensitivity";
import { DATA_TYPES, SENSITIVITIES } from "./gen/vocabulary";
import { frameworkLabel } from "./services";

/** One person as the form lists them: the preparer first, then the reviewers. */
export type PersonRow = { name: string; role: string; prepares: boolean };

export function peopleOf(e: Engagement): PersonRow[] {
  return [
    ...(e.preparer ? [{ ...e.preparer, prepares: true }] : []),
    ...e.reviewers.map((p) => ({ ...p, prepares: false })),
  ];
}

/** The list back as the engagement holds it: one preparer (the first marked), the others review. */
export function splitPeople(rows: readonly PersonRow[]): { preparer: Person | null; reviewers: Person[] } {
  const first = rows.findIndex((r) => r.prepares);
  const plain = (r: PersonRow): Person => ({ name: r.name.trim(), role: r.role.trim() });
  return {
    preparer: first === -1 ? null : plain(rows[first]),
    reviewers: rows.filter((_, i) => i !== first).map(plain),
  };
}

const counted = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** What taking a framework out of scope takes, and what stays in the file. */
export function frameworkRemovalLines(r: FrameworkRemoval): { takes: string[]; keeps: string[] } {
  const services = r.services.length ? `: ${r.services.join(", ")}` : "";
  const takes = [
    `its scope on ${counted(r.services.length, "service", "services")}${services}`,
    `${counted(r.rows, "row", "rows")} of the control matrix and the exports`,
  ];
  const keeps = [
    counted(r.kept_decisions, "control decision", "control decisions"),
    counted(r.kept_evidence, "evidence record", "evidence records"),
    ...(r.scoping_answered ? ["the scoping answers"] : []),
  ];
  return { takes, keeps };
}

/** The sentence under the list: where the kept records go. */
export function keptNote(r: FrameworkRemoval): string {
  return `Kept in the file, and shown again if ${frameworkLabel(r.framework)} comes back: ${frameworkRemovalLines(r).keeps.join(", ")}.`;
}

/** The steps of a new engagement's first run, in order. */
export const FIRST_RUN_STEPS = [
  { id: "client", label: "Client" },
  { id: "frameworks", label: "Frameworks and scoping" },
  { id: "window", label: "Audit window" },
  { id: "services", label: "Services" },
] as const;

export type FirstRunStep = (typeof FIRST_RUN_STEPS)[number]["id"];

/** The step after `step`, or null after the last. */
export function nextStep(step: FirstRunStep): FirstRunStep | null {
  const at = FIRST_RUN_STEPS.findIndex((s) => s.id === step);
  return FIRST_RUN_STEPS[at + 1]?.id ?? null;
}

/** Why an audit window cannot be saved, or null: it ends before it starts, or a date is not one. */
export function windowProblem(start: string, end: string): { field: "audit_start" | "audit_end"; message: string } | null {
  const iso = /^\d{4}-\d{2}-\d{2}$/;
  if (start && !iso.test(start)) return { field: "audit_start", message: "Not a date: type it as 2026-04-01." };
  if (end && !iso.test(end)) return { field: "audit_end", message: "Not a date: type it as 2026-04-01." };
  if (start && end && end < start) return { field: "audit_end", message: "The window ends before it starts." };
  return null;
}

const DATA_LABELS = new Map(DATA_TYPES.map((d) => [d.id, d.label]));

export function dataTypeLabel(id: DataType): string {
  return DATA_LABELS.get(id) ?? id;
}

export function sensitivityLabel(id: Sensitivity): string {
  return SENSITIVITIES.find((s) => s.id === id)?.label ?? id;
}

/** A service's data in one line: `High sensitivity: PHI, PII`. */
export function dataLine(sensitivity: Sensitivity, types: readonly DataType[]): string {
  const kinds = types.map(dataTypeLabel).join(", ");
  return `${sensitivityLabel(sensitivity)} sensitivity${kinds ? `: ${kinds}` : ""}`;
}

/** A few language tags offered for the locale; any other may be typed. */
export const LOCALES = ["en-US", "en-GB", "en-CA", "en-AU", "de-DE", "de-CH", "fr-FR", "fr-CA", "es-ES", "nl-NL", "ja-JP"];
