// The import wizard's decisions that need no screen: which services and frameworks an import
// goes to. Which labels still need a person comes from Rust, folded as the importer folds them.
import type { Framework } from "./gen/Framework";
import type { ImportReport } from "./gen/ImportReport";
import type { Layout } from "./gen/Layout";
import type { Service } from "./gen/Service";
import { LAYOUTS } from "./gen/vocabulary";
import { frameworkLabel } from "./services";

export function layoutLabel(layout: Layout): string {
  return LAYOUTS.find((l) => l.id === layout)?.label ?? layout;
}

/** Providers of the engagement, each once, in alphabetical order. */
export function providers(services: readonly Service[]): string[] {
  const names = new Map<string, string>();
  for (const s of services) names.set(s.provider.toLowerCase(), s.provider);
  return [...names.values()].sort((a, b) => a.localeCompare(b));
}

/** The services an import goes to unless the person says otherwise: the provider's own. */
export function servicesOf(services: readonly Service[], provider: string): string[] {
  const wanted = provider.trim().toLowerCase();
  return services.filter((s) => s.provider.toLowerCase() === wanted).map((s) => s.name);
}

/**
 * The framework whose control IDs a layout carries, when a service must have it in scope for
 * the matrix to show in its control matrix: FedRAMP worksheets carry NIST SP 800-53 IDs.
 */
export function frameworkFor(layouts: readonly Layout[]): Framework | null {
  if (layouts.some((l) => l === "fedramp_cis" || l === "fedramp_crm")) return "fedramp";
  if (layouts.includes("pci_dss")) return "pci_dss";
  return null;
}

/**
 * What an import's rows reach in the control matrix, in plain words, and when they reach
 * nothing, what would make them: the framework the file's IDs belong to (`framework`, when the
 * layout tells it) or a crosswalk to a framework in scope.
 */
export function reachText(report: ImportReport, framework: Framework | null): { text: string; reachesNothing: boolean } {
  const rows = `${report.rows} ${report.rows === 1 ? "row" : "rows"}`;
  const count = (n: number) => `${n} ${n === 1 ? "row" : "rows"}`;
  const decided = report.crosswalk_rows;
  const suggested = report.suggested_rows;
  if (report.matrix_rows > 0 || decided > 0 || suggested > 0) {
    const parts = [];
    if (report.matrix_rows > 0) parts.push(`They decide ${count(report.matrix_rows)} of the control matrix.`);
    if (decided > 0) parts.push(`Through crosswalks they decide ${count(decided)}.`);
    if (suggested > 0)
      parts.push(`Through crosswalks they suggest an owner for ${count(suggested)}: accept or leave each in the matrix.`);
    return { text: parts.join(" "), reachesNothing: false };
  }
  if (report.services.length === 0)
    return { text: "No row of the control matrix is reached until the file is imported for a service.", reachesNothing: true };
  const fix = framework
    ? `bring ${frameworkLabel(framework)} into scope for ${report.services.join(", ")}`
    : `add to ${report.services.join(", ")} the framework whose control IDs the file uses`;
  return {
    text:
      `The ${rows} imported reach no row of the control matrix: none of the file's control IDs is a control ` +
      `of a framework in scope for ${report.services.join(", ")}. To use them, ${fix}, or import a crosswalk ` +
      `from these IDs to the controls of a framework in scope.`,
    reachesNothing: true,
  };
}
