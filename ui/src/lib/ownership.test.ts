import { describe, expect, it } from "vitest";
import css from "../app.css?raw";
import type { Ownership } from "./gen/Ownership";
import { OWNERSHIPS, ownerForKey, ownershipInfo } from "./ownership";

const ALL: Ownership[] = ["customer", "shared", "inherited", "provider", "not_applicable", "undetermined"];

describe("legend", () => {
  it("covers the six ownership values once each, with distinct letters", () => {
    expect(OWNERSHIPS.map((o) => o.id).sort()).toEqual([...ALL].sort());
    expect(new Set(OWNERSHIPS.map((o) => o.letter)).size).toBe(6);
    expect(OWNERSHIPS.map((o) => o.letter)).toEqual(["C", "S", "I", "P", "N/A", "?"]);
  });

  it("gives each value its Okabe-Ito colour in the stylesheet", () => {
    const light = css.slice(0, css.indexOf("@media"));
    const expected: Record<Ownership, string> = {
      customer: "#0072b2",
      shared: "#e69f00",
      inherited: "#009e73",
      provider: "#d55e00",
      not_applicable: "#999999",
      undetermined: "#ffffff",
    };
    for (const id of ALL) {
      expect(light).toContain(`--own-${id}: ${expected[id]};`);
      expect(css).toContain(`.own-${id} {`);
    }
    // Undetermined is told apart by its outline, not only by its fill.
    expect(css).toMatch(/\.own-undetermined \{[^}]*dashed/);
  });

  it("looks values up by id", () => {
    expect(ownershipInfo("provider").label).toBe("Provider");
    expect(() => ownershipInfo("bogus" as Ownership)).toThrow();
  });
});

describe("ownerForKey", () => {
  it("maps 1 to 6 in legend order", () => {
    expect(["1", "2", "3", "4", "5", "6"].map(ownerForKey)).toEqual(ALL);
  });

  it("maps the letters, with Shift+S for shared", () => {
    expect(ownerForKey("c")).toBe("customer");
    expect(ownerForKey("S")).toBe("shared");
    expect(ownerForKey("I")).toBe("inherited");
    expect(ownerForKey("P")).toBe("provider");
    expect(ownerForKey("n")).toBe("not_applicable");
    expect(ownerForKey("U")).toBe("undetermined");
  });

  it("leaves s to the stack view and ignores other keys", () => {
    expect(ownerForKey("s")).toBeNull();
    expect(ownerForKey("b")).toBeNull();
    expect(ownerForKey("7")).toBeNull();
    expect(ownerForKey("Enter")).toBeNull();
  });
});
