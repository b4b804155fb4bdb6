// The keyboard shortcuts as the sheet lists them: the view letters and the owner keys come from
// the tables the app dispatches on, so the sheet says what the keys do.
import { OWNERSHIPS } from "./ownership";
import { VIEWS } from "./views";

/** Keys as a person presses them: "s", "Shift+S", "Ctrl+Z", "↑". */
export type Shortcut = { keys: string[]; what: string };
export type ShortcutGroup = { title: string; shortcuts: Shortcut[] };

export const SHORTCUTS: readonly ShortcutGroup[] = [
  {
    title: "Views",
    shortcuts: VIEWS.map((v) => ({ keys: [v.key], what: v.title })),
  },
  {
    title: "Stack and board",
    shortcuts: [
      { keys: ["↑", "↓"], what: "Move between layers" },
      { keys: ["←", "→"], what: "Move between services" },
      { keys: ["Enter"], what: "Change the owner of the layer, with a reason" },
      ...OWNERSHIPS.map((o) => ({ keys: [o.digit, o.key], what: `Set ${o.label.toLowerCase()} (asks for a reason)` })),
      { keys: ["←", "→", "↑", "↓"], what: "In the owner editor: choose the owner" },
      { keys: ["F2"], what: "Rename the selected service" },
      { keys: ["Delete"], what: "Remove the selected service (shows what it takes first)" },
    ],
  },
  {
    title: "Matrix",
    shortcuts: [
      { keys: ["↑", "↓", "PageUp", "PageDown"], what: "Move between rows" },
      { keys: ["Shift+↑", "Shift+↓", "Space"], what: "Select several rows; one reason covers them all" },
      { keys: ["1–6"], what: "Set the owner of the selected rows (the letters above too)" },
      { keys: ["/"], what: "Filter by text; the cursor goes to the first row found" },
      { keys: ["r"], what: "Reading mode: the row under the cursor, large" },
      { keys: ["w"], what: "Wrap long text in the rows" },
      { keys: ["x"], what: "Accept the owner crosswalks suggest for the row (an override citing the trail)" },
      { keys: ["v"], what: "Coverage: each framework's controls reached directly, by crosswalk, by suggestion, not at all" },
    ],
  },
  {
    title: "Gaps",
    shortcuts: [
      { keys: ["↑", "↓", "Home", "End"], what: "Move between gaps" },
      { keys: ["Enter"], what: "Open where the gap is closed" },
      { keys: ["/"], what: "Search the gaps" },
    ],
  },
  {
    title: "Decision log",
    shortcuts: [
      { keys: ["↑", "↓"], what: "Move between decisions" },
      { keys: ["a"], what: "Accept the decision" },
      { keys: ["Shift+R"], what: "Return the decision, with a comment" },
    ],
  },
  {
    title: "Everywhere",
    shortcuts: [
      { keys: ["Ctrl+Z"], what: "Undo this window's last change" },
      { keys: ["Ctrl+Shift+Z"], what: "Redo" },
      { keys: ["Ctrl+B"], what: "Back up now (the newest 10 copies are kept)" },
      { keys: ["Ctrl+N"], what: "New engagement: client, frameworks and scoping, audit window, services" },
      { keys: ["Ctrl+,"], what: "Set up the engagement: details, frameworks, people, services" },
      { keys: ["Ctrl+O"], what: "Open an engagement" },
      { keys: ["Ctrl+I"], what: "Import a provider matrix (or drop its file on the window)" },
      { keys: ["Ctrl+Shift+S"], what: "Save a copy as" },
      { keys: ["Ctrl+E"], what: "Export the workbook, the PDF pack or a companion layout" },
      { keys: ["Tab", "Shift+Tab"], what: "Move within a dialog (focus stays in it)" },
      { keys: ["Escape"], what: "Cancel, close, dismiss" },
      { keys: ["?"], what: "Show or hide this list" },
    ],
  },
];
