import type { Decision } from "./gen/Decision";
import type { Layer } from "./gen/Layer";

/**
 * The log entries about one layer of one service. The shell writes subjects like
 * `service "EC2" layer os`, the name quoted and escaped as JSON would.
 */
export function decisionsFor(log: readonly Decision[], serviceName: string, layer: Layer): Decision[] {
  const service = `service ${JSON.stringify(serviceName)}`;
  const layerWord = new RegExp(`\\blayer ${layer}\\b`);
  return log.filter((d) => d.subject.includes(service) && layerWord.test(d.subject));
}
