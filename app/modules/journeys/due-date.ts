// When a playbook milestone falls due: the journey's start date plus its
// offset, counted in calendar days or in business days (Monday to Friday).
// The SQL function add_business_days (migration 007) does the same in the
// database for set-based journey starts; tests/due-dates.test.ts holds them equal.
import type { DueOffsetKind } from "#db/schema";
import { addDays } from "~/utils/dates";

/** ISO weekday of a 'YYYY-MM-DD' date: 1 = Monday … 7 = Sunday. */
function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/**
 * `start` plus `offset` days of the given kind. The dates are the account's own
 * calendar dates, so their weekends are the account's weekends whatever its
 * timezone. Business days from a weekend count from the Friday before (so +1
 * is Monday) or, going back, from the Monday after; 0 moves a weekend to Monday.
 */
export function dueDateFor(start: string, offset: number, kind: DueOffsetKind): string {
  if (kind === "calendar") return addDays(start, offset);
  let dow = isoWeekday(start);
  if (offset === 0) return dow > 5 ? addDays(start, 8 - dow) : start;
  const n = Math.abs(offset);
  const weeks = Math.floor(n / 5);
  const rest = n % 5;
  if (offset > 0) {
    let s = start;
    if (dow > 5) {
      s = addDays(start, 5 - dow);
      dow = 5;
    }
    return addDays(s, weeks * 7 + rest + (dow + rest > 5 ? 2 : 0));
  }
  let s = start;
  if (dow > 5) {
    s = addDays(start, 8 - dow);
    dow = 1;
  }
  return addDays(s, -(weeks * 7 + rest + (dow - rest < 1 ? 2 : 0)));
}
