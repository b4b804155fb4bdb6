import type { Ownership } from "./gen/Ownership";
import { OWNERSHIPS as VALUES } from "./gen/vocabulary";

/** What the editor can set: an owner, or "default" to go back to the model's default. */
export type Choice = Ownership | "default";

// How each value is picked from the keyboard: digits in legend order, and a letter as it is
// pressed. Lower-case s and p open the stack and the providers views, so shared and provider
// take Shift.
const KEYS: Record<Ownership, string> = {
  customer: "c",
  shared: "Shift+S",
  inherited: "i",
  provider: "Shift+P",
  not_applicable: "n",
  undetermined: "u",
};

export type OwnershipInfo = (typeof VALUES)[number] & {
  /** 1-6 picks the owner; so does `key`, as the shortcuts list shows it. */
  digit: string;
  key: string;
};

/** The six values in legend order: label, letter and meaning as the exports print them. */
export const OWNERSHIPS: readonly OwnershipInfo[] = VALUES.map((o, i) => ({ ...o, digit: String(i + 1), key: KEYS[o.id] }));

const BY_ID = new Map(OWNERSHIPS.map((o) => [o.id, o]));

export function ownershipInfo(id: Ownership): OwnershipInfo {
  const info = BY_ID.get(id);
  if (!info) throw new Error(`unknown ownership ${id}`);
  return info;
}

const LETTER_KEYS: Record<string, Ownership> = {
  c: "customer",
  C: "customer",
  S: "shared",
  i: "inherited",
  I: "inherited",
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
