// The export dialog's choices, apart from the dialog so that they can be tested alone.
import type { ExistingFiles } from "./gen/ExistingFiles";
import type { ExportProgress } from "./gen/ExportProgress";
import type { ExportRequest } from "./gen/ExportRequest";
import type { Framework } from "./gen/Framework";
import type { PaperSize } from "./gen/PaperSize";
import type { Service } from "./gen/Service";

export type ExportChoices = {
  workbook: boolean;
  pdf: boolean;
  readiness: boolean;
  layouts: string[];
  frameworks: Framework[];
  services: number[];
  paper: PaperSize;
};

/** The framework a companion layout can only be written for: the FedRAMP CRM needs FedRAMP. */
const NEEDS: Record<string, Framework> = { "fedramp-crm": "fedramp" };

/** The companion layouts the export can write with `frameworks` chosen: a layout whose framework
 * is not among them is not offered, since the export would refuse it. */
export function offeredLayouts<T extends { id: string }>(layouts: T[], frameworks: Framework[]): T[] {
  return layouts.filter((l) => {
    const needs = NEEDS[l.id];
    return needs === undefined || frameworks.includes(needs);
  });
}

/** Everything in scope, the workbook and the PDF pack; no readiness report or companion layout
 * until asked for. */
export function defaultChoices(frameworks: Framework[], services: Service[]): ExportChoices {
  return {
    workbook: true,
    pdf: true,
    readiness: false,
    layouts: [],
    frameworks: [...frameworks],
    services: services.map((s) => s.id),
    paper: "a4",
  };
}

/** What is still missing before anything can be exported, or null when the choices will do. */
export function missing(choices: ExportChoices, frameworks: Framework[], services: Service[]): string | null {
  const layouts = offeredLayouts(
    choices.layouts.map((id) => ({ id })),
    choices.frameworks,
  );
  if (!choices.workbook && !choices.pdf && !choices.readiness && layouts.length === 0)
    return "Choose at least one file to write.";
  if (frameworks.length > 0 && choices.frameworks.length === 0) return "Choose at least one framework.";
  if (services.length > 0 && choices.services.length === 0) return "Choose at least one service.";
  return null;
}

/** The request the shell takes, with the lists in the engagement's order; files already in the
 * folder are left alone unless `existing` says otherwise. */
export function toRequest(
  choices: ExportChoices,
  frameworks: Framework[],
  services: Service[],
  existing: ExistingFiles = "refuse",
): ExportRequest {
  return {
    workbook: choices.workbook,
    pdf: choices.pdf,
    readiness: choices.readiness,
    layouts: offeredLayouts(
      choices.layouts.map((id) => ({ id })),
      choices.frameworks,
    ).map((l) => l.id),
    frameworks: frameworks.filter((f) => choices.frameworks.includes(f)),
    services: services.filter((s) => choices.services.includes(s.id)).map((s) => s.id),
    paper: choices.paper,
    existing,
  };
}

/** Adds `item` to `list` or takes it out. */
export function toggled<T>(list: T[], item: T, on: boolean): T[] {
  const without = list.filter((x) => x !== item);
  return on ? [...without, item] : without;
}

/** The share of the export written, from 0 to 100. */
export function percent(progress: ExportProgress | null): number {
  if (!progress || progress.total === 0) return 0;
  return Math.round((100 * progress.done) / progress.total);
}

/** "Writing demo.pdf (2 of 4)", or what was written once done. */
export function progressText(progress: ExportProgress | null): string {
  if (!progress) return "Starting…";
  if (progress.done >= progress.total) return `Wrote ${progress.total} ${progress.total === 1 ? "file" : "files"}`;
  return `Writing ${progress.file} (${progress.done + 1} of ${progress.total})`;
}

/** "demo.pdf is already in /out." or "3 files are already in /out: a, b, c." */
export function existingText(names: string[], folder: string): string {
  if (names.length === 1) return `${names[0]} is already in ${folder}.`;
  return `${names.length} files are already in ${folder}: ${names.join(", ")}.`;
}
