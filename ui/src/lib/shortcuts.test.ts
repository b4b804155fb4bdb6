import { describe, expect, it } from "vitest";
import { OWNERSHIPS, ownerForKey } from "./ownership";
import { SHORTCUTS } from "./shortcuts";
import { VIEWS, viewForKey } from "./views";

describe("the keys", () => {
  it("give the views and the owners different letters", () => {
    for (const v of VIEWS) expect(ownerForKey(v.key), v.key).toBeNull();
    for (const o of OWNERSHIPS) {
      const pressed = o.key.startsWith("Shift+") ? o.key.slice(6).toUpperCase() : o.key;
      expect(ownerForKey(pressed), o.key).toBe(o.id);
      expect(viewForKey(pressed), o.key).toBeNull();
    }
    expect(viewForKey("p")).toBe("providers");
    expect(ownerForKey("p")).toBeNull();
  });

  it("are listed on the sheet once each: every view letter and every owner key", () => {
    const listed = SHORTCUTS.flatMap((g) => g.shortcuts.flatMap((s) => s.keys));
    for (const v of VIEWS) expect(listed).toContain(v.key);
    for (const o of OWNERSHIPS) expect(listed).toContain(o.key);
    const letters = listed.filter((k) => /^[a-z]$/i.test(k) || /^Shift\+[A-Z]$/.test(k));
    expect(new Set(letters).size).toBe(letters.length);
  });
});
