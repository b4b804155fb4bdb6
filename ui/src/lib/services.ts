import type { Framework } from "./gen/Framework";
import type { Service } from "./gen/Service";
import type { ServiceModel } from "./gen/ServiceModel";
import type { ServiceRemoval } from "./gen/ServiceRemoval";
import { FRAMEWORKS, SERVICE_MODELS } from "./gen/vocabulary";

// What each model means, for a tooltip or a choice; its short name comes from Rust.
const MODEL_MEANINGS: Record<ServiceModel, string> = {
  on_prem: "On-premises",
  iaas: "Infrastructure as a service",
  caas_customer_nodes: "Managed Kubernetes, customer-run nodes",
  caas_provider_nodes: "Managed Kubernetes, provider-run nodes",
  paas: "Platform as a service",
  faas: "Serverless functions",
  saas: "Software as a service",
};

// The two Kubernetes models' names are too long for a badge in a narrow list.
const SHORT_BADGES: Partial<Record<ServiceModel, string>> = {
  caas_customer_nodes: "CaaS own",
  caas_provider_nodes: "CaaS mgd",
};

export const MODELS: readonly { id: ServiceModel; badge: string; label: string }[] = SERVICE_MODELS.map((m) => ({
  id: m.id,
  badge: SHORT_BADGES[m.id] ?? m.label,
  label: MODEL_MEANINGS[m.id],
}));

export function modelInfo(id: ServiceModel) {
  return MODELS.find((m) => m.id === id) ?? { id, badge: id, label: id };
}

const FRAMEWORK_LABELS = new Map(FRAMEWORKS.map((f) => [f.id, f.label]));

export function frameworkLabel(id: Framework): string {
  return FRAMEWORK_LABELS.get(id) ?? id;
}

export type ProviderGroup = { provider: string; services: Service[] };

/** Services grouped by provider, providers and services in alphabetical order. */
export function groupByProvider(services: readonly Service[]): ProviderGroup[] {
  const groups = new Map<string, Service[]>();
  for (const service of services) {
    const list = groups.get(service.provider) ?? [];
    list.push(service);
    groups.set(service.provider, list);
  }
  const byName = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: "base" });
  return [...groups.entries()]
    .sort(([a], [b]) => byName(a, b))
    .map(([provider, list]) => ({ provider, services: list.sort((a, b) => byName(a.name, b.name)) }));
}

/** The services in the order the list and the board show them. */
export function displayOrder(services: readonly Service[]): Service[] {
  return groupByProvider(services).flatMap((g) => g.services);
}

export type Suggestion = { provider: string; name: string; model: ServiceModel };

export const SUGGESTIONS: readonly Suggestion[] = [
  { provider: "AWS", name: "EC2", model: "iaas" },
  { provider: "AWS", name: "RDS", model: "paas" },
  { provider: "AWS", name: "Lambda", model: "faas" },
  { provider: "AWS", name: "EKS", model: "caas_provider_nodes" },
  { provider: "AWS", name: "S3", model: "paas" },
  { provider: "AWS", name: "DynamoDB", model: "paas" },
  { provider: "Microsoft", name: "Entra ID", model: "saas" },
  { provider: "Microsoft", name: "Microsoft 365", model: "saas" },
  { provider: "Azure", name: "Virtual Machines", model: "iaas" },
  { provider: "Azure", name: "SQL Database", model: "paas" },
  { provider: "Azure", name: "Functions", model: "faas" },
  { provider: "Azure", name: "AKS", model: "caas_customer_nodes" },
  { provider: "GCP", name: "Compute Engine", model: "iaas" },
  { provider: "GCP", name: "Cloud SQL", model: "paas" },
  { provider: "GCP", name: "Cloud Functions", model: "faas" },
  { provider: "GCP", name: "GKE Autopilot", model: "caas_provider_nodes" },
  { provider: "Salesforce", name: "Salesforce", model: "saas" },
  { provider: "Stripe", name: "Stripe", model: "saas" },
  { provider: "Workday", name: "Workday", model: "saas" },
  { provider: "Okta", name: "Okta", model: "saas" },
];

const squash = (text: string) => text.trim().toLowerCase().replace(/\s+/g, " ");

/** The suggestion a typed name refers to: "EC2", "AWS EC2" and "aws ec2" all match. */
export function findSuggestion(text: string): Suggestion | undefined {
  const typed = squash(text);
  if (!typed) return undefined;
  return SUGGESTIONS.find(
    (s) => squash(s.name) === typed || squash(`${s.provider} ${s.name}`) === typed,
  );
}

const counted = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** What removing a service takes with it, one line per kind, zeros included. */
export function removalLines(r: ServiceRemoval): string[] {
  return [
    counted(r.overrides, "layer override", "layer overrides"),
    counted(r.control_decisions, "control decision", "control decisions"),
    counted(r.evidence, "evidence record", "evidence records"),
    `its coverage in ${counted(r.attestations, "attestation", "attestations")}`,
    `its links to ${counted(r.provider_matrices, "provider matrix", "provider matrices")}`,
  ];
}
