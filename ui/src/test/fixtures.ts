// A small in-memory stand-in for the shell, answering the same commands through mockIPC.
import type { InvokeArgs } from "@tauri-apps/api/core";
import type { Opened } from "../lib/api";
import type { Decision } from "../lib/gen/Decision";
import type { Layer } from "../lib/gen/Layer";
import type { NewService } from "../lib/gen/NewService";
import type { Ownership } from "../lib/gen/Ownership";
import type { ScopingProfile } from "../lib/gen/ScopingProfile";
import type { Service } from "../lib/gen/Service";
import type { ServiceModel } from "../lib/gen/ServiceModel";
import { LAYERS } from "../lib/layers";

const MODEL_COLUMN: ServiceModel[] = ["on_prem", "iaas", "caas_customer_nodes", "caas_provider_nodes", "paas", "faas", "saas"];

// The default table of the domain brief, one string per layer, one letter per model.
const TABLE: Record<Layer, string> = {
  data: "CCCCCCC",
  identity_access: "CCCCCCC",
  endpoints: "CCCCCCC",
  service_config: "CCCCCCC",
  application: "CCCCCCP",
  identity_infra: "CCSSSSS",
  runtime: "CCCCPSP",
  orchestration: "CCPPPPP",
  network_controls: "CCCSSSP",
  os: "CCSPPPP",
  virtualization: "CPPPPPP",
  physical_hosts: "CPPPPPP",
  physical_network: "CPPPPPP",
  physical_datacenter: "CPPPPPP",
};
const LETTER: Record<string, Ownership> = { C: "customer", S: "shared", P: "provider" };

export function defaultOwner(model: ServiceModel, layer: Layer): Ownership {
  return LETTER[TABLE[layer][MODEL_COLUMN.indexOf(model)]];
}

export function makeService(id: number, name: string, provider: string, model: ServiceModel): Service {
  return {
    id,
    name,
    provider,
    model,
    sensitivity: "high",
    data_types: [],
    frameworks: ["soc2", "hipaa"],
    layers: LAYERS.map(({ id: layer }) => {
      const owner = defaultOwner(model, layer);
      return { layer, owner, default_owner: owner, reason: null };
    }),
  };
}

export function demoOpened(): Opened {
  const services = [
    makeService(1, "EC2", "AWS", "iaas"),
    makeService(2, "RDS", "AWS", "paas"),
    makeService(3, "Lambda", "AWS", "faas"),
    makeService(4, "EKS", "AWS", "caas_provider_nodes"),
    makeService(5, "S3", "AWS", "paas"),
    makeService(6, "Entra ID", "Microsoft", "saas"),
    makeService(7, "Salesforce", "Salesforce", "saas"),
    makeService(8, "Stripe", "Stripe", "saas"),
  ];
  const rds = services[1].layers.find((l) => l.layer === "network_controls")!;
  rds.owner = "customer";
  rds.reason = "VPC security groups are ours";
  return {
    path: "/home/consultant/engagements/demo.demarc",
    view: {
      engagement: {
        client: "Northwind Health",
        name: "SOC 2 and HIPAA readiness",
        scope: "Patient portal and billing",
        frameworks: ["soc2", "hipaa", "pci_dss"],
        audit_start: "2025-01-01",
        audit_end: "2025-12-31",
        document_version: "0.1",
        preparer: null,
        reviewers: [],
      },
      services,
    },
  };
}

export type Call = { cmd: string; args: InvokeArgs | undefined };

/** A fake shell over `opened`: every call is recorded in `calls`. */
export function fakeShell(opened: Opened = demoOpened()) {
  const calls: Call[] = [];
  const log: Decision[] = [];
  let profiles: ScopingProfile[] = [];
  const find = (id: unknown) => {
    const service = opened.view.services.find((s) => s.id === id);
    if (!service) throw { code: "not_found", message: `no service with id ${String(id)}` };
    return service;
  };
  const record = (service: Service, layer: Layer, old: string, value: string, reason: string) =>
    log.push({
      id: log.length + 1,
      at: "2025-03-04T10:00:00Z",
      who: "consultant",
      subject: `service "${service.name}" layer ${layer}`,
      about: { kind: "layer", service_id: service.id, service: service.name, layer },
      old_value: old,
      new_value: value,
      reason,
    });

  function handle(cmd: string, args: InvokeArgs | undefined): unknown {
    calls.push({ cmd, args });
    const a = (args ?? {}) as Record<string, never>;
    switch (cmd) {
      case "current":
      case "open_engagement":
      case "save_engagement_as":
        return structuredClone(opened);
      case "decision_log":
        return structuredClone(log);
      case "set_layer_owner":
      case "reset_layer": {
        if (!String(a.reason ?? "").trim()) throw { code: "invalid_input", message: "a reason is required" };
        const service = find(a.serviceId);
        const l = service.layers.find((x) => x.layer === a.layer)!;
        const old = l.owner;
        const reset = cmd === "reset_layer";
        l.owner = reset ? l.default_owner : a.owner;
        l.reason = reset ? null : a.reason;
        record(service, l.layer, old, l.owner, a.reason);
        return structuredClone(service);
      }
      case "set_service_model": {
        const service = find(a.serviceId);
        service.model = a.model;
        for (const l of service.layers) {
          l.default_owner = defaultOwner(service.model, l.layer);
          if (l.reason === null) l.owner = l.default_owner;
        }
        return structuredClone(service);
      }
      case "add_service": {
        const input = a.service as NewService;
        const service = makeService(opened.view.services.length + 100, input.name, input.provider, input.model);
        opened.view.services.push(service);
        return structuredClone(service);
      }
      case "rename_service": {
        const name = String(a.name ?? "").trim();
        if (!name) throw { code: "invalid_input", message: "the service's name is empty", field: "name" };
        if (opened.view.services.some((s) => s.id !== a.serviceId && s.name.toLowerCase() === name.toLowerCase()))
          throw { code: "invalid_input", message: `a service named "${name}" already exists`, field: "name" };
        const service = find(a.serviceId);
        service.name = name;
        return structuredClone(service);
      }
      case "service_removal":
      case "remove_service": {
        const service = find(a.serviceId);
        const removal = {
          service_id: service.id,
          service: service.name,
          overrides: service.layers.filter((l) => l.reason !== null).length,
          control_decisions: 2,
          evidence: 1,
          attestations: 1,
          provider_matrices: 0,
        };
        if (cmd === "remove_service") opened.view.services = opened.view.services.filter((s) => s.id !== service.id);
        return removal;
      }
      case "gaps":
        return { today: "2025-03-04", gaps: [], by_service: [], by_framework: [], by_kind: [] };
      case "register":
        return [];
      case "scoping_profiles":
        return structuredClone(profiles);
      case "scoping_profile":
        return structuredClone(profiles.find((p) => p.framework === a.framework) ?? null);
      case "set_scoping_profile": {
        const profile = a.profile as ScopingProfile;
        if (profile.framework === "pci_dss" && profile.entity === "merchant" && !profile.channels.length)
          throw { code: "invalid_input", message: "a merchant takes cards through at least one channel; name it", field: "channels" };
        const stored =
          profile.framework === "soc2" && !profile.categories.includes("security")
            ? { ...profile, categories: ["security" as const, ...profile.categories] }
            : profile;
        profiles = [...profiles.filter((p) => p.framework !== stored.framework), stored];
        return structuredClone(stored);
      }
      case "take_open_request":
        return null;
      case "about":
        return {
          name: "Demarc",
          version: "0.1.0",
          build_date: "2027-01-15",
          licence: "MIT",
          licence_text: "MIT License",
          sources: [],
          has_notices: false,
        };
      default:
        throw { code: "internal", message: `unknown command ${cmd}` };
    }
  }

  return { opened, calls, log, handle, profiles: () => profiles };
}
