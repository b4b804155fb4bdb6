// The decision log's review logic, free of the DOM: the states a filter picks, their words,
// which entries a reviewer can act on, and the reviewer's name remembered between visits.
import type { Decision } from "./gen/Decision";
import type { ReviewState } from "./gen/ReviewState";

export type ReviewFilter = "" | "open" | "unreviewed" | "returned" | "accepted";

export const REVIEW_FILTERS: readonly { id: Exclude<ReviewFilter, "">; label: string }[] = [
  { id: "open", label: "Unreviewed or returned" },
  { id: "unreviewed", label: "Unreviewed" },
  { id: "returned", label: "Returned" },
  { id: "accepted", label: "Accepted" },
];

/** A decision in force no reviewer has accepted yet: what holds an approval back. */
export function isOpen(state: ReviewState): boolean {
  return state.state === "unreviewed" || state.state === "returned";
}

/** A reviewer can accept or return it: a decision in force, not a record. */
export function isReviewable(state: ReviewState): boolean {
  return isOpen(state) || state.state === "accepted";
}

/** The entries a filter keeps, newest first; sign-off records only with no filter. */
export function filterLog(log: readonly Decision[], filter: ReviewFilter, text = ""): Decision[] {
  const needle = text.trim().toLowerCase();
  return log
    .filter((d) => {
      const s = d.review.state;
      if (filter === "open" && !isOpen(d.review)) return false;
      if (filter !== "" && filter !== "open" && s !== filter) return false;
      if (!needle) return true;
      return [d.subject, d.who, d.reason ?? "", d.old_value ?? "", d.new_value ?? ""].some((t) => t.toLowerCase().includes(needle));
    })
    .reverse();
}

/** The state in a few words, as the badge shows it. */
export function stateLabel(state: ReviewState): string {
  switch (state.state) {
    case "record":
      return "Record";
    case "unreviewed":
      return "Unreviewed";
    case "accepted":
      return "Accepted";
    case "returned":
      return "Returned";
    case "superseded":
      return `Replaced by #${state.by_decision}`;
  }
}

/** Who reviewed it and when, with the comment: `Priya Raman, 2027-01-10: why?`. */
export function stateDetail(state: ReviewState): string {
  if (state.state === "accepted" || state.state === "returned") {
    return `${state.reviewer}, ${state.on}${state.comment ? `: ${state.comment}` : ""}`;
  }
  return "";
}

/** Counts of the open states, for the filter's caption. */
export function openCounts(log: readonly Decision[]): { unreviewed: number; returned: number } {
  let unreviewed = 0;
  let returned = 0;
  for (const d of log) {
    if (d.review.state === "unreviewed") unreviewed += 1;
    if (d.review.state === "returned") returned += 1;
  }
  return { unreviewed, returned };
}

const REVIEWER_KEY = "demarc.reviewer";

/** The reviewer's name as last given in this window. */
export function loadReviewer(storage: Pick<Storage, "getItem"> | undefined = globalThis.localStorage): string {
  try {
    return storage?.getItem(REVIEWER_KEY) ?? "";
  } catch {
    return "";
  }
}

export function storeReviewer(name: string, storage: Pick<Storage, "setItem"> | undefined = globalThis.localStorage) {
  try {
    storage?.setItem(REVIEWER_KEY, name.trim());
  } catch {
    // A window without storage forgets the name; the review itself is saved.
  }
}
