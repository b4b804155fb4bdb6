import { describe, expect, it } from "vitest";
import { decisionsFor } from "./decisions";
import type { Decision } from "./gen/Decision";
import { isOverridden, LAYERS, layerLabel, moveLayer } from "./layers";
import { fileName } from "./paths";

describe("layers", () => {
  it("lists the 14 layers top to bottom", () => {
    expect(LAYERS).toHaveLength(14);
    expect(LAYERS[0].id).toBe("data");
    expect(LAYERS[9]).toEqual({ id: "os", label: "Operating system" });
    expect(LAYERS[13].id).toBe("physical_datacenter");
    expect(layerLabel("endpoints")).toBe("Client devices");
  });

  it("moves within the stack and stops at its ends", () => {
    expect(moveLayer("data", 1)).toBe("identity_access");
    expect(moveLayer("data", -1)).toBe("data");
    expect(moveLayer("physical_datacenter", 1)).toBe("physical_datacenter");
  });

  it("marks a layer overridden when it has a reason or differs from its default", () => {
    const base = { layer: "os" as const, owner: "provider" as const, default_owner: "provider" as const, reason: null };
    expect(isOverridden(base)).toBe(false);
    expect(isOverridden({ ...base, owner: "customer" })).toBe(true);
    expect(isOverridden({ ...base, reason: "kept on purpose" })).toBe(true);
  });
});

describe("decisionsFor", () => {
  const entry = (id: number, subject: string): Decision => ({
    id,
    at: "2025-03-04T10:00:00Z",
    who: "consultant",
    subject,
    old_value: "provider",
    new_value: "customer",
    reason: "why",
  });
  const log = [
    entry(1, 'service "EC2" layer os'),
    entry(2, 'service "EC2 Spot" layer os'),
    entry(3, 'service "EC2" layer orchestration'),
    entry(4, 'service "RDS" layer os'),
    entry(5, 'service "Acme \\"Prod\\"" layer data'),
  ];

  it("keeps only the entries of one layer of one service", () => {
    expect(decisionsFor(log, "EC2", "os").map((d) => d.id)).toEqual([1]);
    expect(decisionsFor(log, "EC2", "orchestration").map((d) => d.id)).toEqual([3]);
    expect(decisionsFor(log, "EC2", "data")).toEqual([]);
  });

  it("matches names the shell had to escape", () => {
    expect(decisionsFor(log, 'Acme "Prod"', "data").map((d) => d.id)).toEqual([5]);
  });
});

describe("paths", () => {
  it("names the file of a path on any platform", () => {
    expect(fileName("/home/a/client.demarc")).toBe("client.demarc");
    expect(fileName("C:\\Users\\a\\client.demarc")).toBe("client.demarc");
  });
});
