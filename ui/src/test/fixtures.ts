// A small in-memory stand-in for the shell, answering the same commands through mockIPC.
import type { InvokeArgs } from "@tauri-apps/api/core";
import type { Opened } from "../lib/api";
import type { DataType } from "../lib/gen/DataType";
import type { Decision } from "../lib/gen/Decision";
import type { Framework } from "../lib/gen/Framework";
import type { Person } from "../lib/gen/Person";
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
        locale: "",
        sample: false,
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
      review: { state: "unreviewed" },
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
        service.data_types = [...input.data_types];
        service.sensitivity = input.sensitivity;
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
        return { today: "2025-03-04", gaps: [], by_service: [], by_framework: [], by_kind: [], accepted: [] };
      case "gap_tally":
        return tallyOf([]);
      case "gap_plan":
        return { as_of: "2025-03-04", items: [], accepted: [] };
      case "burndown":
        return { days: [], evidence_due: null, audit_start: null };
      case "team":
        return [];
      case "review_decisions": {
        const review = a.review as { verdict: string; reviewer: string; comment: string | null };
        for (const id of a.ids as number[]) {
          const d = log.find((x) => x.id === id);
          if (!d) throw { code: "invalid_input", message: `there is no decision #${id} in the log`, field: "decision" };
          d.review =
            review.verdict === "accept"
              ? { state: "accepted", reviewer: review.reviewer, on: "2025-03-05", comment: review.comment }
              : { state: "returned", reviewer: review.reviewer, on: "2025-03-05", comment: review.comment ?? "" };
        }
        return [];
      }
      case "sign_off":
        return {
          version: "0.1",
          state: "draft",
          approval: null,
          stale: null,
          undetermined: 2,
          unreviewed: log.filter((d) => d.review.state === "unreviewed").length,
          returned: 0,
          changes: { version: "0.1", since: null, counts: [], entries: structuredClone(log) },
          versions: [{ version: "0.1", after: 0, at: "2025-03-01T09:00:00Z", by: "consultant", note: null }],
          approvals: [],
        };
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
      case "set_client": {
        const client = String(a.client ?? "").trim();
        if (!client) throw { code: "invalid_input", message: "the client's name is empty", field: "client" };
        opened.view.engagement.client = client;
        return structuredClone(opened.view.engagement);
      }
      case "set_scope":
        opened.view.engagement.scope = String(a.scope ?? "").trim();
        return structuredClone(opened.view.engagement);
      case "set_audit_window": {
        const [start, end] = [a.start as string | null, a.end as string | null];
        if (start && end && end < start)
          throw { code: "invalid_input", message: `the audit window ends (${end}) before it starts (${start})`, field: "audit_end" };
        opened.view.engagement.audit_start = start;
        opened.view.engagement.audit_end = end;
        return structuredClone(opened.view.engagement);
      }
      case "set_locale": {
        const locale = String(a.locale ?? "").trim();
        if (locale && !/^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$/i.test(locale))
          throw { code: "invalid_input", message: `"${locale}" is not a language tag such as en-GB or de-CH`, field: "locale" };
        opened.view.engagement.locale = locale;
        return structuredClone(opened.view.engagement);
      }
      case "set_people": {
        const people = [a.preparer as Person | null, ...(a.reviewers as Person[])].filter((p): p is Person => p !== null);
        if (people.some((p) => !p.name.trim())) throw { code: "invalid_input", message: "the person's name is empty", field: "name" };
        opened.view.engagement.preparer = a.preparer as Person | null;
        opened.view.engagement.reviewers = a.reviewers as Person[];
        return structuredClone(opened.view.engagement);
      }
      case "add_engagement_framework": {
        const f = a.framework as Framework;
        if (!opened.view.engagement.frameworks.includes(f)) {
          opened.view.engagement.frameworks.push(f);
          for (const s of opened.view.services) if (!s.frameworks.includes(f)) s.frameworks.push(f);
        }
        return structuredClone(opened);
      }
      case "framework_removal":
      case "remove_engagement_framework": {
        const f = a.framework as Framework;
        const removal = {
          framework: f,
          services: opened.view.services.filter((s) => s.frameworks.includes(f)).map((s) => s.name),
          rows: 120,
          kept_decisions: 3,
          kept_evidence: 1,
          scoping_answered: profiles.some((p) => p.framework === f),
        };
        if (cmd === "remove_engagement_framework") {
          opened.view.engagement.frameworks = opened.view.engagement.frameworks.filter((x) => x !== f);
          for (const s of opened.view.services) s.frameworks = s.frameworks.filter((x) => x !== f);
        }
        return removal;
      }
      case "set_service_provider": {
        const provider = String(a.provider ?? "").trim();
        if (!provider) throw { code: "invalid_input", message: "the provider's name is empty", field: "provider" };
        const service = find(a.serviceId);
        service.provider = provider;
        return structuredClone(service);
      }
      case "set_data_types": {
        const service = find(a.serviceId);
        service.data_types = [...(a.dataTypes as DataType[])];
        return structuredClone(service);
      }
      case "set_service_region": {
        const service = find(a.serviceId);
        service.region = (a.region as string | null) ?? null;
        return structuredClone(service);
      }
      case "set_sensitivity": {
        const service = find(a.serviceId);
        service.sensitivity = a.sensitivity;
        return structuredClone(service);
      }
      case "set_service_framework": {
        const service = find(a.serviceId);
        const f = a.framework as Framework;
        if (a.inScope && !opened.view.engagement.frameworks.includes(f))
          throw { code: "invalid_input", message: "not in the engagement's scope", field: "framework" };
        service.frameworks = a.inScope ? [...service.frameworks.filter((x) => x !== f), f] : service.frameworks.filter((x) => x !== f);
        return structuredClone(service);
      }
      case "choose":
        return a.pick === "new_engagement" ? `/home/consultant/engagements/${String(a.name)}` : null;
      case "new_engagement": {
        opened.path = String(a.path);
        opened.view = {
          engagement: {
            ...structuredClone(opened.view.engagement),
            client: String(a.client),
            name: `${String(a.client)} shared responsibility matrix`,
            scope: "",
            frameworks: [],
            audit_start: null,
            audit_end: null,
            preparer: null,
            reviewers: [],
            sample: false,
          },
          services: [],
        };
        profiles = [];
        return structuredClone(opened);
      }
      default:
        throw { code: "internal", message: `unknown command ${cmd}` };
    }
  }

  return { opened, calls, log, handle, profiles: () => profiles };
}

/** The top bar's counts of `gaps`, as the shell's `gap_tally` answers. */
export function tallyOf(gaps: { kind: string }[]) {
  return { today: "2025-03-04", open: gaps.length, scoping_open: gaps.filter((g) => g.kind === "scoping_not_answered").length };
}
