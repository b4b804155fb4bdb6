// The screens, each with the letter that opens it.

export type View = "stack" | "board" | "matrix" | "providers" | "gaps" | "log" | "signoff";

export const VIEWS: readonly { id: View; label: string; key: string; title: string }[] = [
  { id: "stack", label: "Stack", key: "s", title: "Stack of one service" },
  { id: "board", label: "Board", key: "b", title: "Board of every service" },
  { id: "matrix", label: "Matrix", key: "m", title: "Control matrix of every service" },
  { id: "providers", label: "Providers", key: "p", title: "Provider register: attestations and vendor reviews" },
  { id: "gaps", label: "Gaps", key: "g", title: "Open gaps before the audit" },
  { id: "log", label: "Log", key: "l", title: "Decision log: accept or return decisions" },
  { id: "signoff", label: "Sign-off", key: "o", title: "Version, change log and approval" },
];

/** The view a key opens, or null. */
export function viewForKey(key: string): View | null {
  return VIEWS.find((v) => v.key === key)?.id ?? null;
}
