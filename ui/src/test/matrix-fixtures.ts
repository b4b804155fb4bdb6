// Control matrix rows for tests, shaped as the shell sends them.
import type { Framework } from "../lib/gen/Framework";
import type { MatrixRow } from "../lib/gen/MatrixRow";
import type { Trail } from "../lib/gen/Trail";

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

/** A trail as the core builds one: CAIQ `IAM-09.1` → CCM `IAM-09` → SOC 2 `CC6.1` (No Gap). */
export function makeTrail(extra: Partial<Trail> = {}): Trail {
  return {
    row: {
      space: "csa_ccm_4",
      label: " CSP-owned ",
      source: {
        provider: "WhitePact",
        version: 1,
        file: "whitepact-caiq.xlsx",
        sheet: "CAIQv4.0.3",
        row: 12,
        control_id: "IAM-09.1",
        columns: ["D"],
        owner: "provider",
      },
    },
    steps: [
      { step: "parent", space: "csa_ccm_4", from: "IAM-09.1", to: "IAM-09" },
      {
        step: "crosswalk",
        crosswalk: "CCM v4 to SOC 2",
        kind: "mapping",
        origin: { file: "CCMv4.0.12.xlsx", sha256: "ab12", publisher: "CSA", version: "4.0.12", licence: "user's own copy" },
        from_space: "csa_ccm_4",
        from: "IAM-09",
        to_space: "soc2_tsc_2017",
        to: " CC6.1\n",
        relation: { kind: "graded", grade: "No Gap", meaning: "covers" },
        reversed: false,
        at: { sheet: "Map", row: 2 },
      },
    ],
    target: "CC6.1",
    depth: 1,
    strength: "propagates",
    ...extra,
  };
}

/** A row a crosswalk decides (`trails`) or only suggests for (`suggestions`). */
export function makeCrosswalkRow(decided: boolean, extra: Partial<MatrixRow> = {}): MatrixRow {
  const trail = makeTrail(decided ? {} : { strength: "suggests" });
  const combined = { owner: "provider" as const, reason: "WhitePact IAM-09.1 (CAIQv4.0.3, row 12) says provider" };
  return makeRow("Acme Mail", "soc2", "CC6.1", {
    owner: decided ? "provider" : "customer",
    source: decided ? "crosswalk" : "layer_default",
    crosswalk: {
      control: "CC6.1",
      decided: decided ? combined : null,
      trails: decided ? [trail] : [],
      suggested: decided ? null : combined,
      suggestions: decided ? [] : [trail],
      more_suggestions: 0,
    },
    ...extra,
  });
}
