import type { Ownership } from "./gen/Ownership";

/** What the editor can set: an owner, or "default" to go back to the model's default. */
export type Choice = Ownership | "default";

export type OwnershipInfo = {
  id: Ownership;
  /** Printed in every cell, so the meaning survives a washed-out projector or grey print. */
  letter: string;
  label: string;
  /** 1-6 picks the owner; so does `key`, as the shortcuts list shows it. */
  digit: string;
  key: string;
  meaning: string;
};

// Legend order; the digits follow it.
export const OWNERSHIPS: readonly OwnershipInfo[] = [
  { id: "customer", letter: "C", label: "Customer", digit: "1", key: "C", meaning: "Customer implements it and produces evidence" },
  { id: "shared", letter: "S", label: "Shared", digit: "2", key: "Shift+S", meaning: "Both sides; the customer's part must be described" },
  { id: "inherited", letter: "I", label: "Inherited", digit: "3", key: "I", meaning: "Provider implements it, covered by a current attestation" },
  { id: "provider", letter: "P", label: "Provider", digit: "4", key: "P", meaning: "Provider implements it, no covering attestation on file: a gap" },
  { id: "not_applicable", letter: "N/A", label: "Not applicable", digit: "5", key: "N", meaning: "Does not apply; needs a justification" },
  { id: "undetermined", letter: "?", label: "Undetermined", digit: "6", key: "U", meaning: "Not decided yet" },
];

const BY_ID = new Map(OWNERSHIPS.map((o) => [o.id, o]));

export function ownershipInfo(id: Ownership): OwnershipInfo {
  const info = BY_ID.get(id);
  if (!info) throw new Error(`unknown ownership ${id}`);
  return info;
}

const LETTER_KEYS: Record<string, Ownership> = {
  c: "customer",
  C: "customer",
  // Lower-case s switches to the stack view, so shared needs Shift+S.
  S: "shared",
  i: "inherited",
  I: "inherited",
  p: "provider",
  P: "provider",
  n: "not_applicable",
  N: "not_applicable",
  u: "undetermined",
  U: "undetermined",
};

/** The owner a key press picks, or null when the key picks none. */
export function ownerForKey(key: string): Ownership | null {
  const byDigit = OWNERSHIPS.find((o) => o.digit === key);
  if (byDigit) return byDigit.id;
  return LETTER_KEYS[key] ?? null;
}
