// Focus in the dialogs: the first field on opening, Tab kept inside, focus back where it came
// from on closing; and the arrow keys of an option group.

const FOCUSABLE = "a[href], button, input, select, textarea, summary, [tabindex]";

function visible(el: HTMLElement): boolean {
  // jsdom has no layout and no checkVisibility: there every element counts as shown.
  return typeof el.checkVisibility === "function" ? el.checkVisibility({ visibilityProperty: true }) : true;
}

/** The elements Tab reaches inside `root`, in document order. */
export function focusables(root: HTMLElement): HTMLElement[] {
  const seenRadios = new Set<string>();
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => {
    if (el.tabIndex < 0 || (el as HTMLButtonElement).disabled || el.closest("[hidden], [inert]")) return false;
    if (el instanceof HTMLInputElement && el.type === "hidden") return false;
    // A group of native radios is one stop: its checked radio, else its first.
    if (el instanceof HTMLInputElement && el.type === "radio" && el.name) {
      const group = `${el.form?.id ?? ""}|${el.name}`;
      const checked = [...root.querySelectorAll<HTMLInputElement>('input[type="radio"]:checked')].find((r) => r.name === el.name);
      if (checked ? checked !== el : seenRadios.has(group)) return false;
      seenRadios.add(group);
    }
    return visible(el);
  });
}

/**
 * What a dialog focuses when it opens or loses its focused element: an element marked
 * `data-autofocus`, else its first field, else its primary button, else its first control that
 * is not a Close button.
 */
export function firstField(root: HTMLElement): HTMLElement | null {
  const all = focusables(root);
  return (
    all.find((el) => el.hasAttribute("data-autofocus")) ??
    all.find((el) => el.matches("input, select, textarea")) ??
    all.find((el) => el.classList.contains("primary")) ??
    all.find((el) => !el.hasAttribute("data-close")) ??
    all[0] ??
    null
  );
}

// The dialogs open now, the newest last: Tab belongs to the newest.
const open: HTMLElement[] = [];

function restore(opener: HTMLElement) {
  if (!opener.isConnected) return;
  // A menu item's menu has closed by now: its button takes the focus instead.
  const menu = opener.closest("details");
  if (menu && !menu.open && opener.tagName !== "SUMMARY") menu.querySelector<HTMLElement>("summary")?.focus();
  else opener.focus();
}

/**
 * A Svelte action for a dialog: focuses its first field (unless something in it has the focus
 * already), keeps Tab and Shift+Tab inside it, focuses its first field again when the focused
 * element goes (a wizard's step, an export's phase), and gives the focus back to the element
 * that had it when the dialog opened, unless the person has moved it elsewhere meanwhile.
 */
export function dialogFocus(node: HTMLElement) {
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  let focused: Element | null = null;
  open.push(node);

  const focusFirst = () => firstField(node)?.focus();

  function onkeydown(event: KeyboardEvent) {
    // WebKitGTK names Shift+Tab's key "Unidentified" (GTK's ISO_Left_Tab); its code is Tab.
    const tab = event.key === "Tab" || event.code === "Tab";
    if (!tab || open.at(-1) !== node || event.defaultPrevented) return;
    const items = focusables(node);
    const active = document.activeElement;
    const index = items.findIndex((el) => el === active);
    let next: HTMLElement | undefined;
    if (items.length === 0) next = undefined;
    else if (index === -1) next = event.shiftKey ? items.at(-1) : items[0];
    else if (event.shiftKey && index === 0) next = items.at(-1);
    else if (!event.shiftKey && index === items.length - 1) next = items[0];
    else return;
    event.preventDefault();
    next?.focus();
  }

  function onfocusin(event: FocusEvent) {
    if (event.target instanceof Element && node.contains(event.target)) focused = event.target;
  }

  // The focused element left with the step that held it: focus stays in the dialog.
  const observer = new MutationObserver(() => {
    const active = document.activeElement;
    if (focused && !focused.isConnected && (!active || active === document.body)) {
      focused = null;
      focusFirst();
    }
  });
  observer.observe(node, { childList: true, subtree: true });
  document.addEventListener("keydown", onkeydown, true);
  document.addEventListener("focusin", onfocusin);
  if (!node.contains(document.activeElement)) focusFirst();
  if (node.contains(document.activeElement)) focused = document.activeElement;

  return {
    destroy() {
      open.splice(open.indexOf(node), 1);
      observer.disconnect();
      document.removeEventListener("keydown", onkeydown, true);
      document.removeEventListener("focusin", onfocusin);
      const active = document.activeElement;
      const lost = !active || active === document.body || !active.isConnected || node.contains(active);
      if (lost && opener) restore(opener);
    },
  };
}

type ArrowOptions = {
  /** The options of the group, as a selector inside the node. */
  items: string;
  /** Called with the option the arrows moved to: a radio group chooses it there. */
  onmove?: (item: HTMLElement) => void;
};

const STEPS: Record<string, number> = { ArrowLeft: -1, ArrowUp: -1, ArrowRight: 1, ArrowDown: 1 };

/**
 * A Svelte action for an option group: the arrows move to the previous or next option (round
 * the ends), Home and End to the first and last. The key goes no further, so the screen beneath
 * does not take the arrows as its own.
 */
export function arrowKeys(node: HTMLElement, options: ArrowOptions) {
  let current = options;
  function onkeydown(event: KeyboardEvent) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const step = STEPS[event.key];
    if (step === undefined && event.key !== "Home" && event.key !== "End") return;
    const items = [...node.querySelectorAll<HTMLElement>(current.items)].filter((el) => !(el as HTMLButtonElement).disabled);
    if (items.length === 0) return;
    const index = items.findIndex((el) => el === document.activeElement || el.contains(document.activeElement));
    let next: number;
    if (event.key === "Home") next = 0;
    else if (event.key === "End") next = items.length - 1;
    else if (index === -1) next = 0;
    else next = (index + step + items.length) % items.length;
    event.preventDefault();
    event.stopPropagation();
    items[next].focus();
    current.onmove?.(items[next]);
  }
  node.addEventListener("keydown", onkeydown);
  return {
    update(next: ArrowOptions) {
      current = next;
    },
    destroy() {
      node.removeEventListener("keydown", onkeydown);
    },
  };
}
