// A tab list the arrow keys move through: Left and Right (Home and End) focus and choose the
// previous or next tab, round the ends; Tab leaves the list from the chosen one.

const STEP: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1 };

export function arrowTabs(node: HTMLElement) {
  function onkeydown(event: KeyboardEvent) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const tabs = [...node.querySelectorAll<HTMLButtonElement>('[role="tab"]')].filter((t) => !t.disabled);
    const at = tabs.findIndex((t) => t === document.activeElement);
    if (at === -1 || tabs.length === 0) return;
    let next: number;
    if (event.key in STEP) next = (at + STEP[event.key] + tabs.length) % tabs.length;
    else if (event.key === "Home") next = 0;
    else if (event.key === "End") next = tabs.length - 1;
    else return;
    event.preventDefault();
    event.stopPropagation();
    tabs[next].focus();
    tabs[next].click();
  }
  node.addEventListener("keydown", onkeydown);
  return {
    destroy() {
      node.removeEventListener("keydown", onkeydown);
    },
  };
}
