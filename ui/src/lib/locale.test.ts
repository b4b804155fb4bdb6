import { afterEach, describe, expect, it } from "vitest";
import { formatDate, parseDate, useLocale } from "./dates";

afterEach(() => useLocale(""));

describe("the engagement's locale", () => {
  it("sets the date style shown and the order typed figures are read in", () => {
    useLocale("en-GB");
    expect(formatDate("2026-04-01")).toBe("1 Apr 2026");
    expect(parseDate("01/04/2026")).toBe("2026-04-01");
    useLocale("en-US");
    expect(formatDate("2026-04-01")).toBe("Apr 1, 2026");
    expect(parseDate("04/01/2026")).toBe("2026-04-01");
    // ISO is read the same whatever the locale.
    expect(parseDate("2026-04-01")).toBe("2026-04-01");
  });

  it("falls back to the system's for an empty or unknown tag", () => {
    useLocale("en-GB");
    useLocale("");
    expect(formatDate("2026-04-01")).toBe(new Date(2026, 3, 1).toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" }));
    expect(() => useLocale("not a tag")).not.toThrow();
  });
});
