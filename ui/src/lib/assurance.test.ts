import { describe, expect, it } from "vitest";
import {
  closedText,
  describe as describeAttestation,
  emptyForm,
  formOf,
  missing,
  showDate,
  storeError,
  toNew,
  type AttestationForm,
} from "./assurance";

const soc2 = (patch: Partial<AttestationForm>): AttestationForm => ({
  ...emptyForm("soc2", ["EC2"]),
  periodStart: "2025-10-01",
  periodEnd: "2026-09-30",
  ...patch,
});

// Whether the values hold together is the core's rule, tested where it is written (Rust's
// `check_attestation`); the form checks only that the inputs its kind needs are filled in.
describe("the attestation form's inputs", () => {
  it("accepts a SOC 2 report with a bridge letter after its period", () => {
    expect(missing(soc2({ bridgeDate: "2026-12-01", bridgeCoversTo: "2027-01-15" }))).toEqual({});
  });

  it.each([
    ["a bridge letter without its date", { bridgeCoversTo: "2027-01-15" }, "bridgeDate", /signed/],
    ["a bridge letter without its last day", { bridgeDate: "2026-12-01" }, "bridgeCoversTo", /last day/],
    ["no period", { periodStart: "", periodEnd: "" }, "periodStart", /first day/],
    ["no service", { services: [] }, "services", /at least one service/],
  ])("refuses %s", (_, patch, field, message) => {
    const errors = missing(soc2(patch));
    expect(errors[field as keyof typeof errors]).toMatch(message);
  });

  it("asks an AOC for its date and version, a certificate for its expiry, an authorization for its package", () => {
    expect(missing({ ...emptyForm("baa", ["S3"]), baaStatus: "requested" })).toEqual({});
    expect(emptyForm("baa").baaStatus).toBe("");
    expect(missing(emptyForm("baa", ["S3"]))).toEqual({ baaStatus: "Choose the BAA's status: signed, requested, missing, …" });
    const aoc = missing({ ...emptyForm("aoc", ["S3"]), dssVersion: " " });
    expect(Object.keys(aoc).sort()).toEqual(["date", "dssVersion"]);
    expect(missing({ ...emptyForm("iso27001", ["S3"]), number: "IS 1" }).expiry).toMatch(/expiry/);
    expect(missing({ ...emptyForm("fedramp", ["S3"]), date: "2016-06-21" }).packageId).toMatch(/package/);
  });

  it("sends ISO dates and lists, and reads a recorded attestation back the same", () => {
    const form = soc2({ cuecs: "Manage IAM\n\n  Encrypt data ", bridgeDate: "2026-12-01", bridgeCoversTo: "2026-12-31" });
    const request = toNew("AWS", form);
    const unmapped = { criteria: [], owner: null, evidence: null };
    expect(request.details).toMatchObject({
      kind: "soc2",
      period_start: "2025-10-01",
      issued: null,
      cuecs: [
        { text: "Manage IAM", ...unmapped },
        { text: "Encrypt data", ...unmapped },
      ],
      bridge_letter: { date: "2026-12-01", covers_to: "2026-12-31" },
    });
    const back = formOf({ id: 1, provider: "AWS", services: request.services, details: request.details, outside_scope: [] });
    expect(back).toEqual({
      ...form,
      cuecs: "Manage IAM\nEncrypt data",
      cuecItems: [
        { text: "Manage IAM", ...unmapped },
        { text: "Encrypt data", ...unmapped },
      ],
    });
  });

  it("keeps a CUEC's mapping and an exception's assessment while their text is kept", () => {
    const mapped = { text: "Manage IAM", criteria: ["CC6.1"], owner: "Marcus", evidence: "binder" };
    const assessed = { description: "CC6.2: late removals", impact: "none", response: "checked" };
    const form = soc2({
      cuecs: "Manage IAM\nRotate keys",
      cuecItems: [mapped],
      exceptions: "CC6.2: late removals",
      exceptionItems: [assessed],
    });
    const details = toNew("AWS", form).details;
    if (details.kind !== "soc2") throw new Error("not a report");
    expect(details.cuecs[0]).toEqual(mapped);
    expect(details.cuecs[1].criteria).toEqual([]);
    expect(details.exceptions).toEqual([assessed]);
    expect(details.exceptions_noted).toBe(true);
  });

  it("keeps the criteria a report carves out, and sends none for an inclusive report", () => {
    const form = soc2({ subserviceOrganizations: "Equinix", carvedOutCriteria: "CC6.4, A1.2" });
    const details = toNew("AWS", form).details;
    if (details.kind !== "soc2") throw new Error("not a report");
    expect(details.carved_out_criteria).toEqual(["CC6.4", "A1.2"]);
    const back = formOf({ id: 1, provider: "AWS", services: ["EC2"], details, outside_scope: [] });
    expect(back.carvedOutCriteria).toBe("CC6.4, A1.2");
    expect(describeAttestation(details)).toMatch(/; carves out CC6\.4, A1\.2$/);
    const inclusive = toNew("AWS", { ...form, subserviceMethod: "inclusive" }).details;
    if (inclusive.kind !== "soc2") throw new Error("not a report");
    expect(inclusive.carved_out_criteria).toEqual([]);
    expect(storeError({ code: "invalid_input", message: "not a criterion", field: "carved_out_criteria" }).carvedOutCriteria).toBe(
      "Not a criterion",
    );
  });

  it("reads an AOC's requirements and the services covered outside a document's scope", () => {
    const aoc = toNew("Stripe", { ...emptyForm("aoc", ["Payments"]), date: "2026-06-15", requirements: "3, 6.4.1 9.4" });
    expect(aoc.details).toMatchObject({ kind: "aoc", requirements: ["3", "6.4.1", "9.4"] });
    expect(toNew("Stripe", { ...emptyForm("aoc", ["Payments"]), requirements: "all" }).details).toMatchObject({ requirements: null });
    const fedramp = { ...emptyForm("fedramp", ["EC2"]), date: "2016-06-21", packageId: "F1", outside: "EC2 = the ATO accepts it" };
    expect(toNew("AWS", fedramp).outside_scope).toEqual([{ service: "EC2", reason: "the ATO accepts it" }]);
    expect(missing({ ...fedramp, outside: "EC2" }).outside).toMatch(/Service = reason/);
  });

  it("puts the store's refusal on the field it names", () => {
    expect(
      storeError({
        code: "invalid_input",
        field: "bridge_letter",
        message: "it covers to 2026-09-30, which is not after the period end (2026-09-30)",
      }),
    ).toEqual({
      bridgeCoversTo: "It covers to 2026-09-30, which is not after the period end (2026-09-30)",
    });
    expect(storeError({ code: "read_only", message: "the file is read-only" })).toEqual({ form: "the file is read-only" });
  });

  it("branches on the code, not on the text", () => {
    // A message that reads like a field's is still the form's unless the error names a field.
    expect(storeError({ code: "io", message: "period_end: disk full" })).toEqual({ form: "period_end: disk full" });
    expect(storeError({ code: "invalid_input", field: "provider", message: "the provider's name is empty" })).toEqual({
      form: "the provider's name is empty",
    });
    expect(storeError("command add_attestation not found")).toEqual({ form: "command add_attestation not found" });
  });

  it("shows dates in the user's locale without moving the day", () => {
    expect(showDate("2027-01-15")).toBe(new Date(2027, 0, 15).toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" }));
    expect(showDate(null)).toBe("–");
  });

  it("says which gaps were closed, in words", () => {
    expect(closedText({ total: 0, by_kind: [] })).toBe("It closed no gap.");
    expect(closedText({ total: 1, by_kind: [{ kind: "provider_unattested", count: 1 }] })).toBe(
      "Closed 1 gap: 1 provider row now inherited.",
    );
    expect(
      closedText({
        total: 3,
        by_kind: [
          { kind: "inherited_unattested", count: 2 },
          { kind: "iso_expired", count: 1 },
        ],
      }),
    ).toBe("Closed 3 gaps: 2 inherited rows now attested, ISO certificate expired (1).");
  });
});
