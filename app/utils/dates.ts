// Calendar dates as 'YYYY-MM-DD' strings, computed in a named timezone.
// Shared by server and browser; no Date is ever shifted by the host's zone.

// Building an Intl.DateTimeFormat costs far more than formatting with one, and a
// page formats hundreds of dates: each (locale, zone, style) is built once, found by
// a key made without serialising the options on every call.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(key: string, locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, f);
  }
  return f;
}

export function todayIn(timeZone: string, now: Date): string {
  return formatter(`day|${timeZone}`, "en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(
    now,
  );
}

function toUtcDay(date: string): number {
  const [y, m, d] = date.split("-").map(Number);
  return Date.UTC(y, m - 1, d) / 86_400_000;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return toUtcDay(to) - toUtcDay(from);
}

export function addDays(date: string, days: number): string {
  return new Date((toUtcDay(date) + days) * 86_400_000).toISOString().slice(0, 10);
}

export function isValidDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** A calendar day as people read it ("Mar 5, 2026"); the same few days recur on every page, so each is formatted once. */
const shownDays = new Map<string, string>();

/** Orders due dates soonest first; a step without one yet (due from a stage's entry) comes last. */
export function compareDueOn(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a.localeCompare(b);
}

export function formatDate(date: string): string {
  let shown = shownDays.get(date);
  if (shown === undefined) {
    shown = formatter("date", "en-US", { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" }).format(
      new Date(`${date}T00:00:00Z`),
    );
    // Bounded: a long-running server sees every day it is asked about.
    if (shownDays.size >= 5000) shownDays.clear();
    shownDays.set(date, shown);
  }
  return shown;
}

export function formatDateTime(iso: string | Date, timeZone: string): string {
  return formatter(`time|${timeZone}`, "en-US", {
    month: "short",
    day: "numeric",
    year: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZone,
    timeZoneName: "short",
  }).format(typeof iso === "string" ? new Date(iso) : iso);
}

/**
 * "optional-past": an optional step past its date. Optional steps never hold a
 * journey back, so they are never overdue and never need attention; the page
 * shows a calm note instead of an alarm. The portfolio's SQL counts overdue by
 * the same rule (open, required, due before today).
 */
export type DueState = "overdue" | "optional-past" | "due-soon" | null;

export const DUE_SOON_DAYS = 3;

export function dueState(dueOn: string, today: string, step: { done: boolean; required: boolean }): DueState {
  if (step.done) return null;
  const days = daysBetween(today, dueOn);
  if (days < 0) return step.required ? "overdue" : "optional-past";
  if (days <= DUE_SOON_DAYS) return "due-soon";
  return null;
}
