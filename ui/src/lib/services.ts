import type { Framework } from "./gen/Framework";
import type { Service } from "./gen/Service";
import type { ServiceModel } from "./gen/ServiceModel";

export const MODELS: readonly { id: ServiceModel; badge: string; label: string }[] = [
  { id: "on_prem", badge: "On-prem", label: "On-premises" },
  { id: "iaas", badge: "IaaS", label: "Infrastructure as a service" },
  { id: "caas_customer_nodes", badge: "CaaS own", label: "Managed Kubernetes, customer-run nodes" },
  { id: "caas_provider_nodes", badge: "CaaS mgd", label: "Managed Kubernetes, provider-run nodes" },
  { id: "paas", badge: "PaaS", label: "Platform as a service" },
  { id: "faas", badge: "FaaS", label: "Serverless functions" },
  { id: "saas", badge: "SaaS", label: "Software as a service" },
];

export function modelInfo(id: ServiceModel) {
  return MODELS.find((m) => m.id === id) ?? { id, badge: id, label: id };
}

const FRAMEWORK_LABELS: Record<Framework, string> = {
  soc2: "SOC 2",
  hipaa: "HIPAA",
  pci_dss: "PCI DSS",
  fedramp: "FedRAMP",
  nist80053: "NIST 800-53",
  nist_csf: "NIST CSF",
  iso27001: "ISO 27001",
};

export function frameworkLabel(id: Framework): string {
  return FRAMEWORK_LABELS[id] ?? id;
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
