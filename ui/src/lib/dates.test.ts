import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, parseDate } from "./dates";

describe("parseDate", () => {
  it("reads an ISO date as that day", () => {
    expect(parseDate("2026-04-01")).toBe("2026-04-01");
    expect(parseDate(" 2026/4/1 ")).toBe("2026-04-01");
  });

  it("reads the locale's figures in the locale's order", () => {
    expect(parseDate("4/1/2026", "en-US")).toBe("2026-04-01");
    expect(parseDate("01/04/2026", "en-GB")).toBe("2026-04-01");
    expect(parseDate("1.4.2026", "de-DE")).toBe("2026-04-01");
  });

  it("reads the style it shows, month by name", () => {
    expect(parseDate("Apr 1, 2026", "en-US")).toBe("2026-04-01");
    expect(parseDate("1 April 2026", "en-GB")).toBe("2026-04-01");
    expect(parseDate(formatDate("2026-04-01", "de-DE"), "de-DE")).toBe("2026-04-01");
    expect(parseDate(formatDate("2027-12-31", "fr-FR"), "fr-FR")).toBe("2027-12-31");
  });

  it("refuses what is not a day of the calendar", () => {
    expect(parseDate("2026-02-30")).toBeNull();
    expect(parseDate("2026-13-01")).toBeNull();
    expect(parseDate("0001-04-12")).toBeNull();
    expect(parseDate("4/1/26", "en-US")).toBeNull();
    expect(parseDate("soon")).toBeNull();
    expect(parseDate("")).toBeNull();
  });
});

describe("formatDate", () => {
  it("shows one style from the locale", () => {
    expect(formatDate("2026-04-01", "en-US")).toBe("Apr 1, 2026");
    expect(formatDate("2026-04-01", "en-GB")).toBe("1 Apr 2026");
  });

  it("shows what is not a date as it is", () => {
    expect(formatDate("2026-02-30")).toBe("2026-02-30");
    expect(formatDate("later")).toBe("later");
  });

  it("gives a moment its day in the same style and its time", () => {
    const shown = formatDateTime("2026-12-02T11:17:59Z", "en-US");
    expect(shown).toContain("2026");
    expect(shown).toMatch(/^Dec [23], 2026/);
    expect(formatDateTime("not a time")).toBe("not a time");
  });
});
