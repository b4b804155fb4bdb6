// The last few reasons typed, offered again as suggestions: a workshop tends to
// repeat "Per client architect" or "Agreed in workshop" many times.
export const REASON_HISTORY_SIZE = 6;
const STORAGE_KEY = "demarc.reasons";

/** The history with `reason` first, without duplicates, at most `size` long. */
export function rememberReason(history: readonly string[], reason: string, size = REASON_HISTORY_SIZE): string[] {
  const text = reason.trim();
  if (!text) return [...history];
  return [text, ...history.filter((r) => r !== text)].slice(0, size);
}

export function loadReasons(): string[] {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "[]");
    return Array.isArray(stored) ? stored.filter((r): r is string => typeof r === "string") : [];
  } catch {
    return [];
  }
}

export function storeReasons(history: readonly string[]): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(history));
  } catch {
    // A full or disabled storage only costs the suggestions.
  }
}
