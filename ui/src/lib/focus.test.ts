import { describe, expect, it, vi } from "vitest";
import { arrowKeys, dialogFocus, firstField } from "./focus";

function dialog(html: string) {
  const opener = document.createElement("button");
  opener.textContent = "Open";
  const node = document.createElement("div");
  node.innerHTML = html;
  document.body.append(opener, node);
  opener.focus();
  return { opener, node };
}

const tab = (shift = false, key = "Tab") =>
  new KeyboardEvent("keydown", { key, code: "Tab", shiftKey: shift, bubbles: true, cancelable: true });

describe("dialogFocus", () => {
  it("focuses the first field, not the Close button, and gives the focus back on closing", () => {
    const { opener, node } = dialog('<button data-close>Close</button><p>Text</p><input id="first" /><button class="primary">Go</button>');
    const action = dialogFocus(node);
    expect(document.activeElement?.id).toBe("first");
    action.destroy();
    expect(document.activeElement).toBe(opener);
    node.remove();
    opener.remove();
  });

  it("keeps Tab and Shift+Tab inside, round the ends, WebKitGTK's Shift+Tab included", () => {
    const { opener, node } = dialog('<button data-close id="close">Close</button><input id="a" /><button id="last" disabled>x</button><button id="b">B</button>');
    const action = dialogFocus(node);
    const b = node.querySelector<HTMLElement>("#b")!;
    b.focus();
    const forward = tab();
    document.activeElement!.dispatchEvent(forward);
    expect(forward.defaultPrevented).toBe(true);
    expect(document.activeElement?.id).toBe("close");
    // WebKitGTK reports Shift+Tab as key "Unidentified" with code "Tab".
    document.activeElement!.dispatchEvent(tab(true, "Unidentified"));
    expect(document.activeElement?.id).toBe("b");
    // In the middle, Tab is the browser's.
    node.querySelector<HTMLElement>("#a")!.focus();
    const middle = tab();
    document.activeElement!.dispatchEvent(middle);
    expect(middle.defaultPrevented).toBe(false);
    action.destroy();
    node.remove();
    opener.remove();
  });

  it("focuses the first field again when the focused element goes with its step", async () => {
    const { opener, node } = dialog('<div id="step"><button class="primary" id="next">Next</button></div>');
    const action = dialogFocus(node);
    expect(document.activeElement?.id).toBe("next");
    node.querySelector("#step")!.innerHTML = '<select id="choice"><option>x</option></select>';
    await vi.waitFor(() => expect(document.activeElement?.id).toBe("choice"));
    action.destroy();
    node.remove();
    opener.remove();
  });

  it("leaves the focus where the person put it outside the dialog", () => {
    const { opener, node } = dialog("<input />");
    const elsewhere = document.createElement("input");
    document.body.append(elsewhere);
    const action = dialogFocus(node);
    elsewhere.focus();
    action.destroy();
    expect(document.activeElement).toBe(elsewhere);
    for (const el of [node, opener, elsewhere]) el.remove();
  });

  it("prefers a marked element, then a field, then the primary button", () => {
    const root = document.createElement("div");
    root.innerHTML = '<button data-close>Close</button><button id="other">Other</button><button class="primary" id="primary">Go</button>';
    expect(firstField(root)?.id).toBe("primary");
    root.insertAdjacentHTML("beforeend", '<input id="field" />');
    expect(firstField(root)?.id).toBe("field");
    root.insertAdjacentHTML("beforeend", '<button data-autofocus id="marked">Keep both</button>');
    expect(firstField(root)?.id).toBe("marked");
  });
});

describe("arrowKeys", () => {
  it("moves round the options and tells which one it reached", () => {
    const group = document.createElement("div");
    group.innerHTML = '<button role="radio" id="a">A</button><button role="radio" id="b">B</button><button role="radio" id="c">C</button>';
    document.body.append(group);
    const moved: string[] = [];
    const action = arrowKeys(group, { items: '[role="radio"]', onmove: (el) => moved.push(el.id) });
    group.querySelector<HTMLElement>("#a")!.focus();
    for (const key of ["ArrowRight", "ArrowDown", "ArrowRight", "ArrowLeft", "Home", "End"]) {
      const event = new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true });
      document.activeElement!.dispatchEvent(event);
      expect(event.defaultPrevented).toBe(true);
    }
    expect(moved).toEqual(["b", "c", "a", "c", "a", "c"]);
    action.destroy();
    group.remove();
  });
});
