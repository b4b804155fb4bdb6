import { beforeEach, describe, expect, it } from "vitest";
import { loadReasons, REASON_HISTORY_SIZE, rememberReason, storeReasons } from "./reasons";

describe("rememberReason", () => {
  it("puts the newest reason first", () => {
    expect(rememberReason(["Agreed in workshop"], "Per client architect")).toEqual([
      "Per client architect",
      "Agreed in workshop",
    ]);
  });

  it("moves a repeated reason to the front instead of duplicating it", () => {
    expect(rememberReason(["a", "b", "c"], "c")).toEqual(["c", "a", "b"]);
  });

  it("keeps only the last few", () => {
    let history: string[] = [];
    for (let i = 0; i < 10; i++) history = rememberReason(history, `reason ${i}`);
    expect(history).toHaveLength(REASON_HISTORY_SIZE);
    expect(history[0]).toBe("reason 9");
  });

  it("ignores blank reasons and trims the others", () => {
    expect(rememberReason(["a"], "   ")).toEqual(["a"]);
    expect(rememberReason([], "  spaced  ")).toEqual(["spaced"]);
  });
});

describe("stored history", () => {
  beforeEach(() => localStorage.clear());

  it("survives a reload", () => {
    storeReasons(["one", "two"]);
    expect(loadReasons()).toEqual(["one", "two"]);
  });

  it("starts empty when nothing or garbage is stored", () => {
    expect(loadReasons()).toEqual([]);
    localStorage.setItem("demarc.reasons", "{not json");
    expect(loadReasons()).toEqual([]);
    localStorage.setItem("demarc.reasons", JSON.stringify(["ok", 3]));
    expect(loadReasons()).toEqual(["ok"]);
  });
});
