import type { Layer } from "./gen/Layer";
import type { LayerOwner } from "./gen/LayerOwner";
import { LAYERS } from "./gen/vocabulary";

export { LAYERS };

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
