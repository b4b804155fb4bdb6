import { describe, expect, it } from "vitest";
import { makeService } from "../test/fixtures";
import {
  defaultChoices,
  existingText,
  missing,
  offeredLayouts,
  percent,
  progressText,
  toRequest,
  toggled,
} from "./exporting";

const services = [makeService(1, "EC2", "AWS", "iaas"), makeService(2, "Stripe", "Stripe", "saas")];

describe("export choices", () => {
  it("start with everything in scope and keep the engagement's order in the request", () => {
    const choices = defaultChoices(["soc2", "hipaa"], services);
    expect(missing(choices, ["soc2", "hipaa"], services)).toBeNull();
    choices.frameworks = toggled(toggled(choices.frameworks, "soc2", false), "soc2", true);
    choices.services = [2, 1];
    choices.layouts = toggled(choices.layouts, "csv", true);
    expect(toRequest(choices, ["soc2", "hipaa"], services)).toEqual({
      workbook: true,
      pdf: true,
      readiness: false,
      layouts: ["csv"],
      frameworks: ["soc2", "hipaa"],
      services: [1, 2],
      paper: "a4",
      existing: "refuse",
    });
  });

  it("say what is missing", () => {
    const none = { ...defaultChoices(["soc2"], services), workbook: false, pdf: false };
    expect(missing(none, ["soc2"], services)).toBe("Choose at least one file to write.");
    const onlyReadiness = { ...none, readiness: true };
    expect(missing(onlyReadiness, ["soc2"], services)).toBeNull();
    expect(toRequest(onlyReadiness, ["soc2"], services).readiness).toBe(true);
    const noFramework = { ...defaultChoices([], services), frameworks: [] };
    expect(missing(noFramework, ["soc2"], services)).toBe("Choose at least one framework.");
    expect(missing(defaultChoices([], []), [], [])).toBeNull();
  });

  it("name the files already in the folder", () => {
    expect(existingText(["demo.pdf"], "/out")).toBe("demo.pdf is already in /out.");
    expect(existingText(["demo.xlsx", "demo.pdf"], "/out")).toBe("2 files are already in /out: demo.xlsx, demo.pdf.");
  });

  it("describe the progress", () => {
    expect(percent(null)).toBe(0);
    expect(progressText(null)).toBe("Starting…");
    expect(percent({ done: 1, total: 4, file: "a.pdf" })).toBe(25);
    expect(progressText({ done: 1, total: 4, file: "a.pdf" })).toBe("Writing a.pdf (2 of 4)");
    expect(progressText({ done: 1, total: 1, file: "a.pdf" })).toBe("Wrote 1 file");
  });
});

describe("companion layouts offered", () => {
  const all = [
    { id: "fedramp-crm", label: "FedRAMP CRM", extension: "xlsx" },
    { id: "pci-tpsp", label: "PCI", extension: "xlsx" },
    { id: "csv", label: "CSV", extension: "csv" },
  ];

  it("leave the FedRAMP CRM out unless FedRAMP is chosen", () => {
    expect(offeredLayouts(all, ["soc2", "pci_dss"]).map((l) => l.id)).toEqual(["pci-tpsp", "csv"]);
    expect(offeredLayouts(all, ["soc2", "fedramp"]).map((l) => l.id)).toEqual(["fedramp-crm", "pci-tpsp", "csv"]);
  });

  it("drop a layout from the request once its framework is unticked", () => {
    const choices = defaultChoices(["soc2", "fedramp"], services);
    choices.layouts = ["fedramp-crm", "csv"];
    expect(toRequest(choices, ["soc2", "fedramp"], services).layouts).toEqual(["fedramp-crm", "csv"]);
    choices.frameworks = toggled(choices.frameworks, "fedramp", false);
    expect(toRequest(choices, ["soc2", "fedramp"], services).layouts).toEqual(["csv"]);
    choices.layouts = ["fedramp-crm"];
    choices.workbook = false;
    choices.pdf = false;
    expect(missing(choices, ["soc2", "fedramp"], services)).toBe("Choose at least one file to write.");
  });
});
