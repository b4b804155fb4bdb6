// The vendor register's logic, free of the DOM: the attestation form's fields, the inputs each
// kind needs, and how dates and attestations read on screen.
import { formatDate, parseDate } from "./dates";
import type { ClosedGaps } from "./gen/ClosedGaps";
import type { GapKind } from "./gen/GapKind";
import { gapKindLabel } from "./gaps";
import type { Attestation } from "./gen/Attestation";
import type { AttestationDetails } from "./gen/AttestationDetails";
import type { AttestationKind } from "./gen/AttestationKind";
import type { BaaMechanism } from "./gen/BaaMechanism";
import type { BaaStatus } from "./gen/BaaStatus";
import type { Cuec } from "./gen/Cuec";
import type { FedrampLevel } from "./gen/FedrampLevel";
import type { NewAttestation } from "./gen/NewAttestation";
import type { Opinion } from "./gen/Opinion";
import type { ReportException } from "./gen/ReportException";
import type { ScopeOverride } from "./gen/ScopeOverride";
import type { Soc2Type } from "./gen/Soc2Type";
import type { SubserviceMethod } from "./gen/SubserviceMethod";
import type { TrustCategory } from "./gen/TrustCategory";
import { asIpcError } from "./ipc";
import { ATTESTATION_KINDS, BAA_STATUSES, FEDRAMP_LEVELS, TRUST_CATEGORIES } from "./gen/vocabulary";

export const KINDS = ATTESTATION_KINDS;
export const CATEGORIES = TRUST_CATEGORIES;
export { BAA_STATUSES, FEDRAMP_LEVELS };

export function kindLabel(kind: AttestationKind): string {
  return KINDS.find((k) => k.id === kind)?.label ?? kind;
}

/** An ISO date (`2027-01-15`) in the user's locale; the day stays the day wherever they are. */
export function showDate(iso: string | null | undefined): string {
  return iso ? formatDate(iso) : "–";
}

/** Every field of the form as the inputs hold it: dates as ISO strings, lists one per line. */
export type AttestationForm = {
  kind: AttestationKind;
  services: string[];
  reportType: Soc2Type;
  periodStart: string;
  periodEnd: string;
  issued: string;
  auditor: string;
  categories: TrustCategory[];
  opinion: Opinion;
  exceptionsNoted: boolean;
  subserviceMethod: SubserviceMethod;
  subserviceOrganizations: string;
  /** Under the carve-out method, the criteria left to the subservice organisations: CC6.4, A1.2. */
  carvedOutCriteria: string;
  cuecs: string;
  /** The report lists no CUECs (someone read it). */
  noCuecs: boolean;
  /** The exceptions the report notes, one per line. */
  exceptions: string;
  /** What was recorded on the CUECs and exceptions (mappings, assessments), kept by text. */
  cuecItems: Cuec[];
  exceptionItems: ReportException[];
  bridgeDate: string;
  bridgeCoversTo: string;
  reference: string;
  /** Empty until the person chooses: no status is assumed. */
  baaStatus: BaaStatus | "";
  mechanism: BaaMechanism | "";
  effective: string;
  accounts: string;
  /** The BAA's eligible services, one per line; none listed when empty. */
  eligibleServices: string;
  nextReview: string;
  date: string;
  dssVersion: string;
  /** The requirements the AOC covers (`3, 6.4.1, A1`); empty or `all` for all of them. */
  requirements: string;
  number: string;
  scope: string;
  expiry: string;
  level: FedrampLevel;
  packageId: string;
  /** The services inside the authorization boundary, one per line. */
  boundary: string;
  /** The regions the authorization covers, one per line. */
  regions: string;
  /** Services covered outside the document's boundary, regions or eligible services:
   * `Service = reason`, one per line. */
  outside: string;
};

export type Field = keyof AttestationForm;
export type FieldErrors = Partial<Record<Field | "form", string>>;

export function emptyForm(kind: AttestationKind, services: string[] = []): AttestationForm {
  return {
    kind,
    services,
    reportType: "type2",
    periodStart: "",
    periodEnd: "",
    issued: "",
    auditor: "",
    categories: ["security"],
    opinion: "unqualified",
    exceptionsNoted: false,
    subserviceMethod: "carve_out",
    subserviceOrganizations: "",
    carvedOutCriteria: "",
    cuecs: "",
    noCuecs: false,
    exceptions: "",
    cuecItems: [],
    exceptionItems: [],
    bridgeDate: "",
    bridgeCoversTo: "",
    reference: "",
    baaStatus: "",
    mechanism: "",
    effective: "",
    accounts: "",
    eligibleServices: "",
    nextReview: "",
    date: "",
    dssVersion: "4.0.1",
    requirements: "",
    number: "",
    scope: "",
    expiry: "",
    level: "moderate",
    packageId: "",
    boundary: "",
    regions: "",
    outside: "",
  };
}

/** The form filled from a recorded attestation, to edit it. */
export function formOf(a: Attestation): AttestationForm {
  const form = {
    ...emptyForm(a.details.kind, [...a.services]),
    outside: a.outside_scope.map((o) => `${o.service} = ${o.reason}`).join("\n"),
  };
  const d = a.details;
  switch (d.kind) {
    case "soc2":
      return {
        ...form,
        reportType: d.report_type,
        periodStart: d.period_start,
        periodEnd: d.period_end,
        issued: d.issued ?? "",
        auditor: d.auditor,
        categories: [...d.categories],
        opinion: d.opinion,
        exceptionsNoted: d.exceptions_noted,
        subserviceMethod: d.subservice_method,
        subserviceOrganizations: d.subservice_organizations.join("\n"),
        carvedOutCriteria: (d.carved_out_criteria ?? []).join(", "),
        cuecs: d.cuecs.map((c) => c.text).join("\n"),
        noCuecs: d.no_cuecs,
        exceptions: d.exceptions.map((x) => x.description).join("\n"),
        cuecItems: d.cuecs.map((c) => ({ ...c, criteria: [...c.criteria] })),
        exceptionItems: d.exceptions.map((x) => ({ ...x })),
        bridgeDate: d.bridge_letter?.date ?? "",
        bridgeCoversTo: d.bridge_letter?.covers_to ?? "",
        reference: d.reference,
      };
    case "baa":
      return {
        ...form,
        baaStatus: d.status,
        mechanism: d.mechanism ?? "",
        effective: d.effective ?? "",
        accounts: d.accounts.join("\n"),
        eligibleServices: d.eligible_services.join("\n"),
        nextReview: d.next_review ?? "",
      };
    case "aoc":
      return {
        ...form,
        date: d.date,
        dssVersion: d.dss_version,
        nextReview: d.next_review ?? "",
        requirements: d.requirements ? d.requirements.join(", ") : "",
      };
    case "iso27001":
      return { ...form, number: d.number, scope: d.scope, expiry: d.expiry };
    case "fedramp":
      return {
        ...form,
        level: d.level,
        date: d.date,
        packageId: d.package_id,
        boundary: d.boundary.join("\n"),
        regions: d.regions.join("\n"),
      };
  }
}

const lines = (text: string) =>
  text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");

const orNull = (text: string) => (text.trim() === "" ? null : text);

/** `3, 6.4.1 A1` as its items; none (every requirement) for empty text or `all`. */
export function requirementsOf(text: string): string[] | null {
  const items = text
    .split(/[\s,;]+/)
    .map((r) => r.trim())
    .filter((r) => r !== "");
  return items.length === 0 || items.some((r) => r.toLowerCase() === "all") ? null : items;
}

/** `CC6.1, cc6.2 CC6.3` as its items; Rust checks each is a criterion. */
export function criteriaOf(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((c) => c.trim())
    .filter((c) => c !== "");
}

/** `Service = reason` lines as overrides; a line without `=` or a reason is left for Rust to
 * refuse (the service stays outside its scope). */
export function outsideOf(text: string): ScopeOverride[] {
  return lines(text).flatMap((line) => {
    const at = line.indexOf("=");
    if (at < 0) return [];
    const service = line.slice(0, at).trim();
    const reason = line.slice(at + 1).trim();
    return service && reason ? [{ service, reason }] : [];
  });
}

/**
 * The inputs the kind needs that are still empty, and typed text that is not a date, by field,
 * in words a person can act on.
 * Whether the values hold together (a period that ends before it starts, a bridge letter inside
 * the period) is the core's rule: the form asks Rust (`checkAttestation`) once nothing is missing.
 */
export function missing(f: AttestationForm): FieldErrors {
  const errors: FieldErrors = {};
  const need = (field: Field, what: string) => {
    if (String(f[field]).trim() === "") errors[field] = `Give ${what}.`;
  };
  if (f.services.length === 0) errors.services = "Tick at least one service the attestation covers.";
  switch (f.kind) {
    case "soc2":
      need("periodStart", "the first day of the period");
      need("periodEnd", "the last day of the period");
      // A bridge letter is its date and the day it covers to: one without the other is half of it.
      if (f.bridgeDate !== "" || f.bridgeCoversTo !== "") {
        need("bridgeDate", "the date the bridge letter was signed");
        need("bridgeCoversTo", "the last day the bridge letter covers");
      }
      break;
    case "baa":
      if (f.baaStatus === "") errors.baaStatus = "Choose the BAA's status: signed, requested, missing, …";
      break;
    case "aoc":
      need("date", "the AOC's date");
      need("dssVersion", "the PCI DSS version, for example 4.0.1");
      break;
    case "iso27001":
      need("number", "the certificate number");
      need("expiry", "the expiry date");
      break;
    case "fedramp":
      need("date", "the authorization date");
      need("packageId", "the FedRAMP package ID");
      break;
  }
  // A date field holds ISO once what was typed reads as a date; anything else is said as such.
  if (lines(f.outside).some((l) => !/^[^=]+=\s*\S/.test(l))) {
    errors.outside = "Write each exception as Service = reason.";
  }
  for (const field of DATE_FIELDS) {
    const typed = f[field].trim();
    if (typed !== "" && parseDate(typed) !== typed) errors[field] = `"${typed}" is not a date: type it like 2026-04-01.`;
  }
  return errors;
}

const DATE_FIELDS = ["periodStart", "periodEnd", "issued", "bridgeDate", "bridgeCoversTo", "effective", "nextReview", "date", "expiry"] as const;

/** The details to send; call once `missing` found nothing. */
export function toNew(provider: string, f: AttestationForm): NewAttestation {
  return { provider, services: f.services, details: detailsOf(f), outside_scope: outsideOf(f.outside) };
}

function detailsOf(f: AttestationForm): AttestationDetails {
  switch (f.kind) {
    case "soc2":
      return {
        kind: "soc2",
        report_type: f.reportType,
        period_start: f.periodStart,
        period_end: f.periodEnd,
        issued: orNull(f.issued),
        auditor: f.auditor.trim(),
        categories: f.categories,
        opinion: f.opinion,
        exceptions_noted: f.exceptionsNoted || lines(f.exceptions).length > 0,
        subservice_method: f.subserviceMethod,
        subservice_organizations: lines(f.subserviceOrganizations),
        // An inclusive report speaks for its subservice organisations: nothing is left to them.
        carved_out_criteria:
          f.subserviceMethod === "carve_out" ? f.carvedOutCriteria.split(/[\s,;]+/).filter((c) => c !== "") : [],
        // A CUEC or exception whose text is kept keeps its mapping or assessment.
        cuecs: lines(f.cuecs).map((text) => f.cuecItems.find((c) => c.text === text) ?? { text, criteria: [], owner: null, evidence: null }),
        no_cuecs: f.noCuecs && lines(f.cuecs).length === 0,
        exceptions: lines(f.exceptions).map(
          (description) => f.exceptionItems.find((x) => x.description === description) ?? { description, impact: null, response: null },
        ),
        bridge_letter: f.bridgeDate && f.bridgeCoversTo ? { date: f.bridgeDate, covers_to: f.bridgeCoversTo } : null,
        reference: f.reference.trim(),
      };
    case "baa":
      return {
        kind: "baa",
        status: chosen(f.baaStatus),
        mechanism: f.mechanism === "" ? null : f.mechanism,
        effective: orNull(f.effective),
        accounts: lines(f.accounts),
        next_review: orNull(f.nextReview),
        eligible_services: lines(f.eligibleServices),
      };
    case "aoc":
      return {
        kind: "aoc",
        date: f.date,
        dss_version: f.dssVersion.trim(),
        next_review: orNull(f.nextReview),
        requirements: requirementsOf(f.requirements),
      };
    case "iso27001":
      return { kind: "iso27001", number: f.number.trim(), scope: f.scope.trim(), expiry: f.expiry };
    case "fedramp":
      return {
        kind: "fedramp",
        level: f.level,
        date: f.date,
        package_id: f.packageId.trim(),
        boundary: lines(f.boundary),
        regions: lines(f.regions),
      };
  }
}

function chosen(status: BaaStatus | ""): BaaStatus {
  if (status === "") throw new Error("the BAA's status is not chosen: ask `missing` first");
  return status;
}

// The store names a field as the records do (`period_end`); the form's field for each.
const STORE_FIELDS: Record<string, Field> = {
  period_start: "periodStart",
  period_end: "periodEnd",
  issued: "issued",
  bridge_letter: "bridgeCoversTo",
  cuecs: "cuecs",
  exceptions: "exceptions",
  carved_out_criteria: "carvedOutCriteria",
  requirements: "requirements",
  outside_scope: "outside",
  effective: "effective",
  status: "baaStatus",
  next_review: "nextReview",
  dss_version: "dssVersion",
  number: "number",
  package_id: "packageId",
  services: "services",
  date: "date",
  expiry: "expiry",
};

/** A failed check or save as errors of the form: a refused value on the field Rust names. */
export function storeError(error: unknown): FieldErrors {
  const e = asIpcError(error);
  const field = e.code === "invalid_input" && e.field !== undefined ? STORE_FIELDS[e.field] : undefined;
  if (!field) return { form: e.message };
  return { [field]: e.message.charAt(0).toUpperCase() + e.message.slice(1) };
}

/** What an attestation says in one line, dates in the user's locale. */
export function describe(d: AttestationDetails): string {
  switch (d.kind) {
    case "soc2": {
      const type = d.report_type === "type1" ? "Type I" : "Type II";
      const period = `${type}, ${showDate(d.period_start)} – ${showDate(d.period_end)}`;
      const bridged = d.bridge_letter ? `${period}; bridge letter to ${showDate(d.bridge_letter.covers_to)}` : period;
      const carved = d.carved_out_criteria ?? [];
      return carved.length > 0 ? `${bridged}; carves out ${carved.join(", ")}` : bridged;
    }
    case "baa": {
      const status = BAA_STATUSES.find((s) => s.id === d.status)?.label ?? d.status;
      return d.effective ? `${status}, effective ${showDate(d.effective)}` : status;
    }
    case "aoc": {
      const covers = d.requirements ? `requirements ${d.requirements.join(", ")}` : "all requirements";
      return `PCI DSS ${d.dss_version}, dated ${showDate(d.date)}; ${covers}`;
    }
    case "iso27001":
      return `No. ${d.number}, expires ${showDate(d.expiry)}`;
    case "fedramp": {
      const level = FEDRAMP_LEVELS.find((l) => l.id === d.level)?.label ?? d.level;
      const regions = d.regions.length > 0 ? `; ${d.regions.join(", ")}` : "";
      return `${level}, authorized ${showDate(d.date)}${regions}`;
    }
  }
}

/** The next review an attestation names, when its kind has one. */
export function nextReview(d: AttestationDetails): string | null {
  return d.kind === "baa" || d.kind === "aoc" ? d.next_review : null;
}

// What closing a gap of a kind means, counted: "10 provider rows now inherited".
const CLOSED: Partial<Record<GapKind, [string, string]>> = {
  provider_unattested: ["provider row now inherited", "provider rows now inherited"],
  inherited_unattested: ["inherited row now attested", "inherited rows now attested"],
  phi_without_baa: ["service with PHI now under a BAA", "services with PHI now under a BAA"],
  soc2_window_gap: ["audit window now covered", "audit windows now covered"],
  soc2_stale: ["stale SOC 2 report replaced", "stale SOC 2 reports replaced"],
  aoc_service_missing: ["service now in an AOC", "services now in an AOC"],
};

/** "Closed 12 gaps: 10 provider rows now inherited, 2 …", or that it closed none. */
export function closedText(closed: ClosedGaps): string {
  if (closed.total === 0) return "It closed no gap.";
  const parts = closed.by_kind.map(({ kind, count }) => {
    const words = CLOSED[kind];
    return words ? `${count} ${words[count === 1 ? 0 : 1]}` : `${gapKindLabel(kind)} (${count})`;
  });
  return `Closed ${closed.total} ${closed.total === 1 ? "gap" : "gaps"}: ${parts.join(", ")}.`;
}
