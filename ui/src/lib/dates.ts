// Dates: ISO (`2026-04-01`) in files and between the window and Rust; one style from the
// user's locale on screen; typed dates read as ISO, as the locale writes them in figures, or in
// the style shown.

const SHOWN: Intl.DateTimeFormatOptions = { year: "numeric", month: "short", day: "numeric" };

// The engagement's locale (`en-GB`), when it names one; else the system's.
let chosen: string | undefined;

/** Shows and reads dates in `tag`'s style from now on; empty (or a tag the runtime does not
 * know) for the system's. */
export function useLocale(tag: string) {
  let known: string | undefined;
  try {
    known = tag ? Intl.DateTimeFormat.supportedLocalesOf([tag])[0] : undefined;
  } catch {
    known = undefined;
  }
  chosen = known;
}

/** `y-m-d` as an ISO date when it is a day of the calendar, else null. */
function isoOf(y: number, m: number, d: number): string | null {
  if (y < 1000 || y > 9999) return null;
  const date = new Date(y, m - 1, d);
  if (date.getFullYear() !== y || date.getMonth() !== m - 1 || date.getDate() !== d) return null;
  return `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** The day, month and year of an ISO date, or null when it is not one. */
function partsOf(iso: string): [number, number, number] | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return isoOf(y, m, d) ? [y, m, d] : null;
}

/** An ISO date in the locale's style (`Apr 1, 2026`); anything else is shown as it is. */
export function formatDate(iso: string, locale: string | undefined = chosen): string {
  const parts = partsOf(iso);
  if (!parts) return iso;
  const [y, m, d] = parts;
  return new Date(y, m - 1, d).toLocaleDateString(locale, SHOWN);
}

/** A moment (an RFC 3339 time) as its day in the locale's style and its local hour and minute. */
export function formatDateTime(at: string, locale: string | undefined = chosen): string {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return at;
  return date.toLocaleString(locale, { ...SHOWN, hour: "2-digit", minute: "2-digit" });
}

/** The order of day, month and year when the locale writes a date in figures. */
function numericOrder(locale?: string): ("day" | "month" | "year")[] {
  return new Intl.DateTimeFormat(locale, { year: "numeric", month: "numeric", day: "numeric" })
    .formatToParts(new Date(2001, 10, 22))
    .map((p) => p.type)
    .filter((t): t is "day" | "month" | "year" => t === "day" || t === "month" || t === "year");
}

/** The month (1 to 12) a word names in the locale or in English, by its first three letters. */
function monthNamed(word: string, locale?: string): number | null {
  const w = word.toLocaleLowerCase(locale).replace(/\.$/, "");
  if (w.length < 3 || /\d/.test(w)) return null;
  for (const loc of [locale, "en"]) {
    for (const style of ["long", "short"] as const) {
      const format = new Intl.DateTimeFormat(loc, { month: style });
      for (let m = 1; m <= 12; m++) {
        const name = format.format(new Date(2001, m - 1, 1)).toLocaleLowerCase(locale).replace(/\.$/, "");
        if (name === w || (w.length >= 3 && name.startsWith(w))) return m;
      }
    }
  }
  return null;
}

/**
 * A typed date as an ISO date, or null when it is not a day of the calendar: `2026-04-01` (or
 * `2026/4/1`), the locale's figures (`4/1/2026` in the US, `01/04/2026` in the UK), or a month
 * by name (`Apr 1, 2026`, `1 April 2026`).
 */
export function parseDate(text: string, locale: string | undefined = chosen): string | null {
  const t = text.trim();
  const iso = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(t);
  if (iso) return isoOf(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const figures = /^(\d{1,4})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{1,4})\.?$/.exec(t);
  if (figures) {
    const values = [figures[1], figures[2], figures[3]];
    const order = numericOrder(locale);
    if (order.length !== 3) return null;
    const at = (part: "day" | "month" | "year") => values[order.indexOf(part)];
    const year = at("year");
    if (year.length !== 4) return null;
    return isoOf(Number(year), Number(at("month")), Number(at("day")));
  }
  const words = t.split(/[\s,]+/).filter((w) => w !== "");
  if (words.length !== 3) return null;
  let month: number | null = null;
  const numbers: string[] = [];
  for (const w of words) {
    const n = w.replace(/\.$/, "");
    if (/^\d+$/.test(n)) numbers.push(n);
    else if (month === null) month = monthNamed(w, locale);
    else return null;
  }
  if (month === null || numbers.length !== 2) return null;
  const year = numbers.find((n) => n.length === 4);
  const day = numbers.find((n) => n.length <= 2);
  return year && day ? isoOf(Number(year), month, Number(day)) : null;
}
