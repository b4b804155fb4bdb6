import { describe, expect, it } from "vitest";
import { makeCrosswalkRow, makeTrail } from "../test/matrix-fixtures";
import {
  canAccept,
  crosswalksOf,
  hop,
  originText,
  relationWords,
  share,
  sourceTitle,
  spaceShort,
  trailText,
} from "./crosswalk";
import { filterRows, NO_FILTERS, sourceLabel, whyText } from "./matrix";

describe("trailText", () => {
  it("reads a trail as the core's Trail::text writes it", () => {
    // The same trail as `a_caiq_question_reaches_through_its_ccm_control` in demarc-core.
    expect(trailText(makeTrail())).toBe(
      "WhitePact IAM-09.1 'CSP-owned' (CAIQv4.0.3, row 12) → CCM IAM-09 → SOC 2 CC6.1 (CCM v4 to SOC 2, Map row 2, No Gap)",
    );
  });

  it("says when a trail went through a pivot and when it only suggests", () => {
    const text = trailText(makeTrail({ depth: 2, strength: "suggests" }));
    expect(text.endsWith(", through one pivot [suggestion]")).toBe(true);
  });

  it("reads a relationship backwards when the pair was followed from its target", () => {
    expect(relationWords({ kind: "subset_of" }, false)).toBe("subset of");
    expect(relationWords({ kind: "subset_of" }, true)).toBe("superset of");
    expect(relationWords({ kind: "graded", grade: "Partial Gap", meaning: "covers_part" }, true)).toBe(
      "Partial Gap, read backwards",
    );
    expect(relationWords({ kind: "unstated" }, false)).toBe("related (no type stated)");
  });

  it("names known spaces briefly and unknown ones by their source's name", () => {
    expect(spaceShort("nist_800_53_r4")).toBe("800-53 r4");
    expect(spaceShort("other:ISF SOGP 2022")).toBe("ISF SOGP 2022");
    expect(hop({ step: "parent", space: "nist_800_53_r5", from: "AC-2a", to: "AC-2" })).toEqual({ to: "800-53 AC-2", by: null });
  });
});

describe("a row reached through crosswalks", () => {
  it("lists each crosswalk once with whose mapping it is", () => {
    const trail = makeTrail();
    const used = crosswalksOf([trail, trail]);
    expect(used.map((c) => c.name)).toEqual(["CCM v4 to SOC 2"]);
    expect(originText(used[0].origin)).toBe("CSA 4.0.12; user's own copy; CCMv4.0.12.xlsx");
  });

  it("offers a suggestion to accept only on a service's row no person has set", () => {
    expect(canAccept(makeCrosswalkRow(false))).toBe(true);
    expect(canAccept(makeCrosswalkRow(true))).toBe(false);
    expect(canAccept(makeCrosswalkRow(false, { source: "override", reason: "decided" }))).toBe(false);
    expect(canAccept(makeCrosswalkRow(false, { service_id: null, scope: "entity" }))).toBe(false);
    expect(canAccept(makeCrosswalkRow(false, { crosswalk: undefined }))).toBe(false);
  });

  it("says so briefly in the source cell, the trail in its title and the decided reason as its explanation", () => {
    const row = makeCrosswalkRow(true);
    expect(sourceLabel(row.source, true)).toBe("Crosswalk");
    expect(sourceTitle(row)).toBe(`Crosswalk: ${trailText(makeTrail())}`);
    expect(sourceTitle(makeCrosswalkRow(false))).toBeNull();
    expect(whyText(row)).toBe("Crosswalk: WhitePact IAM-09.1 (CAIQv4.0.3, row 12) says provider");
    expect(whyText(makeCrosswalkRow(false))).toBe(row.explanation);
    expect(whyText({ ...row, reason: "decided in the workshop" })).toBe("decided in the workshop");
  });

  it("is kept by the source filter's crosswalk choice", () => {
    const rows = [makeCrosswalkRow(true), makeCrosswalkRow(false)];
    expect(filterRows(rows, { ...NO_FILTERS, source: "crosswalk" })).toEqual([rows[0]]);
  });
});

describe("share", () => {
  it("is a whole percentage, and a dash of nothing", () => {
    expect(share(1, 3)).toBe("33%");
    expect(share(0, 0)).toBe("–");
  });
});
