import { describe, expect, it, vi } from "vitest";
import { closeOnEscape } from "./keys";

describe("closeOnEscape", () => {
  it("closes on Escape and keeps the key from the screen beneath", () => {
    const close = vi.fn();
    const beneath = vi.fn();
    const outer = document.createElement("div");
    const panel = document.createElement("div");
    outer.append(panel);
    outer.addEventListener("keydown", beneath);
    panel.addEventListener("keydown", closeOnEscape(close));

    const escape = new KeyboardEvent("keydown", { key: "Escape", bubbles: true, cancelable: true });
    panel.dispatchEvent(escape);
    expect(close).toHaveBeenCalledOnce();
    expect(escape.defaultPrevented).toBe(true);
    expect(beneath).not.toHaveBeenCalled();

    const other = new KeyboardEvent("keydown", { key: "a", bubbles: true, cancelable: true });
    panel.dispatchEvent(other);
    expect(close).toHaveBeenCalledOnce();
    expect(other.defaultPrevented).toBe(false);
    expect(beneath).toHaveBeenCalledOnce();
  });
});
