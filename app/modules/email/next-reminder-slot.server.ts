// When a reminder asked for by hand may go to one person under the nudges' contact
// policy: in their working hours and days, on a day that has no reminder yet (ADR 038).
import { sql } from "kysely";
import type { DB } from "~/utils/db.server";
import type { NudgeRules } from "~/utils/env.server";

/** The one key a person's reminders share each local day: the sweep's digest and a CSM's reminder alike. */
export function nudgeDigestKey(userId: string, day: string): string {
  return `nudge_digest:${userId}:${day}`;
}

export interface ReminderSlot {
  /** Now, when the person is in working hours and has had no reminder today; else a later day's start. */
  sendAt: Date;
  /** That moment's day in the person's timezone ('YYYY-MM-DD'): the reminder's dedupe key counts it. */
  day: string;
}

/** How far ahead a slot is looked for: two weeks hold a working day under any rules the settings allow. */
const LOOK_AHEAD_DAYS = 14;

/**
 * The first moment from `now` that the person is within working hours (as `reachable` judges
 * them) on a day whose reminder key is free; null if none within two weeks.
 */
export async function nextReminderSlot(
  db: DB,
  userId: string,
  now: Date,
  rules: NudgeRules,
): Promise<ReminderSlot | null> {
  const { rows } = await sql<{ day: string; send_at: Date }>`
    with p as (
      select u.timezone as tz, (${now}::timestamptz at time zone u.timezone)::date as today
      from users u where u.id = ${userId}
    ),
    days as (
      select d::date as day, p.tz from p,
        generate_series(p.today::timestamp, (p.today + ${LOOK_AHEAD_DAYS}::int)::timestamp, interval '1 day') d
    )
    select to_char(day, 'YYYY-MM-DD') as day,
      greatest(${now}::timestamptz, (day + make_interval(hours => ${rules.startHour}::int)) at time zone tz) as send_at
    from days
    where extract(isodow from day) between ${rules.firstDay}::int and ${rules.lastDay}::int
      and (day + make_interval(hours => ${rules.endHour}::int)) at time zone tz > ${now}::timestamptz
      and not exists (select 1 from email_outbox o
        where o.dedupe_key = 'nudge_digest:' || ${userId}::text || ':' || to_char(day, 'YYYY-MM-DD'))
    order by day
    limit 1`.execute(db);
  const row = rows[0];
  return row ? { sendAt: new Date(row.send_at), day: row.day } : null;
}
