// The scoping dialog's logic, free of the DOM: which frameworks ask, the answers of a
// profile as a form holds them, and back.
import type { FedrampProfile } from "./gen/FedrampProfile";
import type { Framework } from "./gen/Framework";
import type { HipaaProfile } from "./gen/HipaaProfile";
import type { PciProfile } from "./gen/PciProfile";
import type { ScopingProfile } from "./gen/ScopingProfile";
import type { ServiceScope } from "./gen/ServiceScope";
import type { ServiceScopeNote } from "./gen/ServiceScopeNote";
import type { Soc2Profile } from "./gen/Soc2Profile";
import { SCOPING_FRAMEWORKS } from "./gen/vocabulary";

/** The answers of every framework, as the dialog's form holds them. */
export type Answers = {
  pci_dss: PciProfile;
  hipaa: HipaaProfile;
  soc2: Soc2Profile;
  fedramp: FedrampProfile;
};

export type ScopedFramework = keyof Answers;

export function asksScoping(framework: Framework): framework is ScopedFramework {
  return SCOPING_FRAMEWORKS.some((f) => f.id === framework);
}

/** The frameworks of `inScope` that ask, in the order they are asked. */
export function scopedFrameworks(inScope: readonly Framework[]): ScopedFramework[] {
  return SCOPING_FRAMEWORKS.map((f) => f.id).filter((f): f is ScopedFramework => inScope.includes(f) && asksScoping(f));
}

/** Those of `inScope` that ask and have no profile yet. */
export function unanswered(inScope: readonly Framework[], profiles: readonly ScopingProfile[]): ScopedFramework[] {
  return scopedFrameworks(inScope).filter((f) => !profiles.some((p) => p.framework === f));
}

/** The form's answers: the recorded ones, else a starting point for each framework. */
export function answersOf(profiles: readonly ScopingProfile[]): Answers {
  const answers: Answers = {
    pci_dss: { entity: "merchant", channels: [], multi_tenant: false, designated_entity: false, early_tls_poi: false, issuer: false },
    hipaa: { role: "covered_entity", group_health_plan: false, clearinghouse: false },
    soc2: { categories: ["security"] },
    fedramp: { role: "csp" },
  };
  for (const p of profiles) {
    const { framework, ...rest } = p;
    (answers as Record<ScopedFramework, unknown>)[framework] = plain(rest);
  }
  return answers;
}

/** The profile of `framework` from the form's answers. */
export function profileOf(framework: ScopedFramework, answers: Answers): ScopingProfile {
  return { framework, ...plain(answers[framework]) } as ScopingProfile;
}

/** A copy of plain data, also of Svelte's reactive proxies (which structuredClone refuses). */
function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Adds or removes `value` from a list of choices, keeping the list's order of `all`. */
export function toggled<T>(list: readonly T[], value: T, on: boolean, all: readonly T[]): T[] {
  const next = on ? [...list, value] : list.filter((v) => v !== value);
  return all.filter((v) => next.includes(v));
}

/** The PCI DSS scope recorded for a service, if any. */
export function scopeNote(pci: PciProfile, serviceId: number): ServiceScopeNote | undefined {
  return (pci.service_scope ?? []).find((n) => n.service_id === serviceId);
}

/** The profile with a service's scope set (`scope` empty: taken out) and its rationale. */
export function withScope(pci: PciProfile, serviceId: number, scope: string, rationale: string): PciProfile {
  const others = (pci.service_scope ?? []).filter((n) => n.service_id !== serviceId);
  const notes = scope ? [...others, { service_id: serviceId, scope: scope as ServiceScope, rationale }] : others;
  return { ...pci, service_scope: notes.sort((a, b) => a.service_id - b.service_id) };
}
