import type { Decision } from "./gen/Decision";
import type { Layer } from "./gen/Layer";

/** The log entries about one layer of one service, by what each entry is about. */
export function decisionsFor(log: readonly Decision[], serviceId: number, layer: Layer): Decision[] {
  return log.filter(
    (d) => d.about.kind === "layer" && d.about.service_id === serviceId && d.about.layer === layer,
  );
}
