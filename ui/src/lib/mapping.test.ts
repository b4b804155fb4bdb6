import { describe, expect, it } from "vitest";
import type { SheetGrid } from "./gen/SheetGrid";
import { assign, choicesOf, freshChoices, guessHeaderRow, missing, profileOf, rowKind, type Choices } from "./mapping";

const GRID: SheetGrid = {
  name: "Matrix",
  hidden: false,
  columns: ["A", "B", "C", "D"],
  rows: [
    { row: 1, cells: ["Vendor X matrix", "", "", ""] },
    { row: 2, cells: ["Ref", "Who", "", "Notes"] },
    { row: 3, cells: ["", "Vendor", "Client", ""] },
    { row: 4, cells: ["V-1", "x", "", "ours"] },
  ],
};

function choices(roles: Choices["roles"]): Choices {
  return { ...freshChoices(GRID, "vendor"), headerRow: 2, headerRows: 2, roles };
}

describe("column mapping", () => {
  it("guesses the header as the first row with two titles", () => {
    expect(guessHeaderRow(GRID)).toBe(2);
    expect(freshChoices(GRID, "vendor")).toMatchObject({ sheet: "Matrix", headerRow: 2, name: "vendor", roles: {} });
  });

  it("gives a single role to one column only, marks to many", () => {
    let roles = assign({}, "A", "control_id");
    roles = assign(roles, "B", "control_id");
    expect(roles).toEqual({ B: "control_id" });
    roles = assign(roles, "B", "mark:provider");
    roles = assign(roles, "C", "mark:customer");
    expect(roles).toEqual({ B: "mark:provider", C: "mark:customer" });
    expect(assign(roles, "C", "ignore")).toEqual({ B: "mark:provider" });
  });

  it("says what is missing, then makes the profile Rust reads", () => {
    expect(missing(choices({}))).toMatch(/control IDs/);
    expect(missing(choices({ A: "control_id" }))).toMatch(/ownership/);
    expect(profileOf(choices({ A: "control_id" }))).toBeNull();
    const profile = profileOf({ ...choices({ A: "control_id", C: "mark:customer", B: "mark:provider", D: "provider_narrative" }), lastRow: 40 });
    expect(profile).toEqual({
      name: "vendor",
      sheet: "Matrix",
      header_row: 2,
      header_rows: 2,
      last_row: 40,
      control_id: { letter: "A" },
      marks: [
        { column: { letter: "B" }, owner: "provider" },
        { column: { letter: "C" }, owner: "customer" },
      ],
      provider_narrative: { letter: "D" },
    });
    // And back: an applied profile shows as the same choices.
    expect(choicesOf(profile!, "x")).toEqual({ ...choices({ A: "control_id", B: "mark:provider", C: "mark:customer", D: "provider_narrative" }), lastRow: 40 });
  });

  it("tells header, data and rows outside the range apart", () => {
    const c = { ...choices({}), firstRow: 5, lastRow: 8 };
    expect([1, 2, 3, 4, 5, 8, 9].map((r) => rowKind(c, r))).toEqual(["outside", "header", "header", "outside", "data", "data", "outside"]);
  });
});
