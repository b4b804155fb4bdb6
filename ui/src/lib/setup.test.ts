import { describe, expect, it } from "vitest";
import type { Engagement } from "./gen/Engagement";
import { dataLine, frameworkRemovalLines, keptNote, nextStep, peopleOf, splitPeople, windowProblem } from "./setup";

const engagement = (over: Partial<Engagement> = {}): Engagement => ({
  client: "Acme",
  name: "Acme shared responsibility matrix",
  scope: "",
  frameworks: [],
  audit_start: null,
  audit_end: null,
  document_version: "0.1",
  preparer: null,
  reviewers: [],
  locale: "",
  sample: false,
  ...over,
});

describe("set-up logic", () => {
  it("lists the preparer first and gives one preparer back", () => {
    const rows = peopleOf(
      engagement({ preparer: { name: "Dana", role: "Consultant" }, reviewers: [{ name: "Priya", role: "CISO" }] }),
    );
    expect(rows).toEqual([
      { name: "Dana", role: "Consultant", prepares: true },
      { name: "Priya", role: "CISO", prepares: false },
    ]);
    // Two marked: the first prepares, the other reviews; names are trimmed.
    const back = splitPeople([
      { name: " Priya ", role: "CISO", prepares: true },
      { name: "Dana", role: "Consultant", prepares: true },
    ]);
    expect(back).toEqual({ preparer: { name: "Priya", role: "CISO" }, reviewers: [{ name: "Dana", role: "Consultant" }] });
    expect(splitPeople([]).preparer).toBeNull();
  });

  it("says what taking a framework out takes and what stays", () => {
    const removal = {
      framework: "soc2" as const,
      services: ["Amazon EC2", "Amazon S3"],
      rows: 122,
      kept_decisions: 1,
      kept_evidence: 0,
      scoping_answered: true,
    };
    const { takes, keeps } = frameworkRemovalLines(removal);
    expect(takes).toEqual(["its scope on 2 services: Amazon EC2, Amazon S3", "122 rows of the control matrix and the exports"]);
    expect(keeps).toEqual(["1 control decision", "0 evidence records", "the scoping answers"]);
    expect(keptNote(removal)).toContain("shown again if SOC 2 comes back");
  });

  it("refuses a window that ends before it starts or a date that is not one", () => {
    expect(windowProblem("", "")).toBeNull();
    expect(windowProblem("2026-04-01", "2027-03-31")).toBeNull();
    expect(windowProblem("2026-04-01", "2026-03-31")?.field).toBe("audit_end");
    expect(windowProblem("12/04/0001", "")?.field).toBe("audit_start");
  });

  it("walks the first run in order", () => {
    expect(nextStep("client")).toBe("frameworks");
    expect(nextStep("frameworks")).toBe("window");
    expect(nextStep("window")).toBe("services");
    expect(nextStep("services")).toBeNull();
    expect(dataLine("high", ["phi", "pii"])).toBe("High sensitivity: PHI, PII");
    expect(dataLine("low", [])).toBe("Low sensitivity");
  });
});
