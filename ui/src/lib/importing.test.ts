import { describe, expect, it } from "vitest";
import { makeService } from "../test/fixtures";
import { frameworkFor, providers, servicesOf } from "./importing";

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
});
