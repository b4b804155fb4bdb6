import { describe, expect, it } from "vitest";
import { makeService } from "../test/fixtures";
import type { ImportReport } from "./gen/ImportReport";
import { frameworkFor, providers, reachText, servicesOf } from "./importing";

describe("import decisions", () => {
  it("defaults to the provider's services and suggests each provider once", () => {
    const services = [makeService(1, "EC2", "AWS", "iaas"), makeService(2, "S3", "aws", "saas"), makeService(3, "Entra ID", "Microsoft", "saas")];
    expect(servicesOf(services, " AWS ")).toEqual(["EC2", "S3"]);
    expect(providers(services)).toEqual(["aws", "Microsoft"]);
  });

  it("knows which framework a layout's control IDs belong to", () => {
    expect(frameworkFor(["fedramp_cis", "fedramp_crm"])).toBe("fedramp");
    expect(frameworkFor(["pci_dss"])).toBe("pci_dss");
    expect(frameworkFor(["csa_caiq"])).toBeNull();
  });

  it("say what an import reaches in the control matrix and what would make it reach a control", () => {
    const imported = (rows: number, matrix_rows: number, services: string[]) =>
      ({ rows, matrix_rows, services }) as unknown as ImportReport;
    expect(reachText(imported(36, 5, ["Key Vault"]), null)).toEqual({
      text: "They decide 5 rows of the control matrix.",
      reachesNothing: false,
    });
    const none = reachText(imported(36, 0, ["Key Vault"]), null);
    expect(none.reachesNothing).toBe(true);
    expect(none.text).toBe(
      "The 36 rows imported reach no row of the control matrix: none of the file's control IDs is a control of a " +
        "framework in scope for Key Vault. To use them, add to Key Vault the framework whose control IDs the file " +
        "uses, or import a crosswalk from these IDs to the controls of a framework in scope.",
    );
    expect(reachText(imported(36, 0, ["Key Vault"]), "pci_dss").text).toContain("bring PCI DSS into scope for Key Vault");
    const suggesting = { ...imported(35, 0, ["Blob Storage"]), crosswalk_rows: 0, suggested_rows: 29 } as ImportReport;
    expect(reachText(suggesting, null)).toEqual({
      text: "Through crosswalks they suggest an owner for 29 rows: accept or leave each in the matrix.",
      reachesNothing: false,
    });
    expect(reachText(imported(1, 0, []), null).text).toBe(
      "No row of the control matrix is reached until the file is imported for a service.",
    );
  });
});
