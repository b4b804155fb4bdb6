import type { Layer } from "./gen/Layer";
import type { LayerOwner } from "./gen/LayerOwner";

// Top (closest to the customer) to bottom, as in the domain's table.
export const LAYERS: readonly { id: Layer; label: string }[] = [
  { id: "data", label: "Data" },
  { id: "identity_access", label: "Identities and access" },
  { id: "endpoints", label: "Client devices" },
  { id: "service_config", label: "Service configuration" },
  { id: "application", label: "Application" },
  { id: "identity_infra", label: "Identity and directory infrastructure" },
  { id: "runtime", label: "Runtime, middleware and images" },
  { id: "orchestration", label: "Orchestration / control plane" },
  { id: "network_controls", label: "Network controls" },
  { id: "os", label: "Operating system" },
  { id: "virtualization", label: "Virtualization" },
  { id: "physical_hosts", label: "Physical hosts" },
  { id: "physical_network", label: "Physical network" },
  { id: "physical_datacenter", label: "Physical datacenter" },
];

const LABELS = new Map(LAYERS.map((l) => [l.id, l.label]));

export function layerLabel(id: Layer): string {
  return LABELS.get(id) ?? id;
}

/** The layer `step` rows away from `from`, kept inside the stack. */
export function moveLayer(from: Layer, step: number): Layer {
  const index = LAYERS.findIndex((l) => l.id === from);
  const next = Math.min(LAYERS.length - 1, Math.max(0, index + step));
  return LAYERS[next].id;
}

/** Whether someone changed this layer away from the model's default. */
export function isOverridden(l: LayerOwner): boolean {
  return l.reason !== null || l.owner !== l.default_owner;
}
