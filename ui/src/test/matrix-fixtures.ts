// Control matrix rows for tests, shaped as the shell sends them.
import type { Framework } from "../lib/gen/Framework";
import type { MatrixRow } from "../lib/gen/MatrixRow";

// One id per service name, as the shell gives.
const ids = new Map<string, number>();
function serviceId(name: string): number {
  if (!ids.has(name)) ids.set(name, ids.size + 1);
  return ids.get(name)!;
}

export function makeRow(service: string, framework: Framework, control: string, extra: Partial<MatrixRow> = {}): MatrixRow {
  return {
    service_id: serviceId(service),
    service,
    scope: "system",
    framework,
    control,
    title: `Title of ${control}`,
    family: control.split(/[-.(]/)[0],
    layers: ["identity_access"],
    owner: "customer",
    source: "layer_default",
    default_owner: "customer",
    explanation: "customer: identities and access are the customer's for IaaS",
    reason: null,
    customer_part: null,
    evidence: [],
    row_owner: null,
    last_reviewed: null,
    na_justification: null,
    disagreement: null,
    ...extra,
  } as MatrixRow;
}

/** The one row of an entity-level control: the client's own, with no service. */
export function makeEntityRow(framework: Framework, control: string, extra: Partial<MatrixRow> = {}): MatrixRow {
  return makeRow("", framework, control, {
    service_id: null,
    service: null,
    scope: "entity",
    layers: [],
    explanation: "customer: the client's own, once for the engagement",
    ...extra,
  });
}

/** `count` rows over two services and two frameworks. */
export function manyRows(count: number): MatrixRow[] {
  return Array.from({ length: count }, (_, i) =>
    makeRow(i % 2 ? "Amazon RDS" : "Amazon EC2", i % 3 ? "soc2" : "hipaa", `CC${Math.floor(i / 10)}.${i % 10}`),
  );
}
