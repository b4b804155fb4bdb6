import { describe, expect, it } from "vitest";
import { decisionsFor } from "./decisions";
import type { Decision } from "./gen/Decision";
import type { Layer } from "./gen/Layer";
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
  const entry = (id: number, serviceId: number, service: string, layer: Layer): Decision => ({
    id,
    at: "2025-03-04T10:00:00Z",
    who: "consultant",
    subject: `service ${JSON.stringify(service)} layer ${layer}`,
    about: { kind: "layer", service_id: serviceId, service, layer },
    old_value: "provider",
    new_value: "customer",
    reason: "why",
    review: { state: "unreviewed" },
  });
  const log = [
    entry(1, 1, "EC2", "os"),
    entry(2, 2, "EC2 Spot", "os"),
    entry(3, 1, "EC2", "orchestration"),
    entry(4, 3, "RDS", "os"),
    entry(5, 4, 'Acme "Prod"', "data"),
    {
      ...entry(6, 1, "EC2", "os"),
      subject: 'service "EC2" model',
      about: { kind: "model", service_id: 1, service: "EC2" },
    } satisfies Decision,
  ];

  it("keeps only the entries of one layer of one service", () => {
    expect(decisionsFor(log, 1, "os").map((d) => d.id)).toEqual([1]);
    expect(decisionsFor(log, 1, "orchestration").map((d) => d.id)).toEqual([3]);
    expect(decisionsFor(log, 1, "data")).toEqual([]);
  });

  it("matches names the shell had to escape", () => {
    expect(decisionsFor(log, 4, "data").map((d) => d.id)).toEqual([5]);
  });
});

describe("paths", () => {
  it("names the file of a path on any platform", () => {
    expect(fileName("/home/a/client.demarc")).toBe("client.demarc");
    expect(fileName("C:\\Users\\a\\client.demarc")).toBe("client.demarc");
  });
});
