import { describe, expect, it } from "vitest";
import { makeService } from "../test/fixtures";
import { displayOrder, findSuggestion, frameworkLabel, groupByProvider, modelInfo } from "./services";

const services = [
  makeService(1, "S3", "AWS", "paas"),
  makeService(2, "Stripe", "Stripe", "saas"),
  makeService(3, "EC2", "AWS", "iaas"),
  makeService(4, "Entra ID", "Microsoft", "saas"),
  makeService(5, "ec2 spot", "AWS", "iaas"),
];

describe("groupByProvider", () => {
  it("groups by provider, providers and services sorted by name", () => {
    const groups = groupByProvider(services);
    expect(groups.map((g) => g.provider)).toEqual(["AWS", "Microsoft", "Stripe"]);
    expect(groups[0].services.map((s) => s.name)).toEqual(["EC2", "ec2 spot", "S3"]);
  });

  it("returns no groups for no services", () => {
    expect(groupByProvider([])).toEqual([]);
  });

  it("does not reorder the list it was given", () => {
    const input = [...services];
    groupByProvider(input);
    expect(input.map((s) => s.id)).toEqual([1, 2, 3, 4, 5]);
  });

  it("gives the list's order to the board", () => {
    expect(displayOrder(services).map((s) => s.id)).toEqual([3, 5, 1, 4, 2]);
  });
});

describe("suggestions", () => {
  it("recognises a common service by name or by provider and name", () => {
    expect(findSuggestion("Lambda")?.model).toBe("faas");
    expect(findSuggestion("  aws   eks ")?.model).toBe("caas_provider_nodes");
    expect(findSuggestion("Entra ID")).toMatchObject({ provider: "Microsoft", model: "saas" });
  });

  it("suggests nothing for unknown or empty text", () => {
    expect(findSuggestion("Mainframe")).toBeUndefined();
    expect(findSuggestion("   ")).toBeUndefined();
  });

  it("tells the two Kubernetes models apart on their badges", () => {
    expect(modelInfo("caas_customer_nodes").badge).not.toBe(modelInfo("caas_provider_nodes").badge);
    expect(modelInfo("iaas").badge).toBe("IaaS");
  });
});

describe("labels", () => {
  it("names frameworks and models as the exports do", () => {
    expect(frameworkLabel("nist80053")).toBe("NIST SP 800-53");
    expect(modelInfo("paas").badge).toBe("PaaS");
    expect(modelInfo("caas_customer_nodes").label).toBe("Managed Kubernetes, customer-run nodes");
  });
});
