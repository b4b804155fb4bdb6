// The import wizard's decisions that need no screen: which services and frameworks an import
// goes to. Which labels still need a person comes from Rust, folded as the importer folds them.
import type { Framework } from "./gen/Framework";
import type { Layout } from "./gen/Layout";
import type { Service } from "./gen/Service";
import { LAYOUTS } from "./gen/vocabulary";

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
