// The one rule for an account's health (issue 13): On track, Behind or Stuck. The TypeScript
// function and the SQL expression say the same thing; tests hold them to each other.
import { type RawBuilder, sql } from "kysely";

/** Nothing done for this many days makes an account stuck, whatever its stage's plan. */
export const QUIET_DAYS = 14;

export const HEALTH = ["on_track", "behind", "stuck"] as const;
export type Health = (typeof HEALTH)[number];
export const HEALTH_LABELS: Record<Health, string> = { on_track: "On track", behind: "Behind", stuck: "Stuck" };

export interface HealthInput {
  /** Days in the current stage, paused days left out. */
  daysInStage: number;
  /** The stage's expected days in the journey's version; null when the playbook sets none. */
  expectedDays: number | null;
  /** Days since a milestone was last completed (or since the journey started), paused days left out. */
  daysSinceDone: number;
}

/**
 * Stuck: past twice the expected days, or nothing done in QUIET_DAYS days.
 * Behind: past the expected days. On track: otherwise, and always when no days are expected
 * (then only the quiet rule can make it stuck). "Past" means strictly more days than planned.
 */
export function healthOf(h: HealthInput): Health {
  if ((h.expectedDays !== null && h.daysInStage > 2 * h.expectedDays) || h.daysSinceDone >= QUIET_DAYS) return "stuck";
  if (h.expectedDays !== null && h.daysInStage > h.expectedDays) return "behind";
  return "on_track";
}

/** healthOf as a SQL expression over three integer expressions; yields 'on_track' | 'behind' | 'stuck'. */
export function healthSql(
  daysInStage: RawBuilder<unknown>,
  expectedDays: RawBuilder<unknown>,
  daysSinceDone: RawBuilder<unknown>,
): RawBuilder<Health> {
  return sql<Health>`(case
    when (${expectedDays} is not null and ${daysInStage} > 2 * ${expectedDays}) or ${daysSinceDone} >= ${sql.lit(QUIET_DAYS)}
      then 'stuck'
    when ${expectedDays} is not null and ${daysInStage} > ${expectedDays} then 'behind'
    else 'on_track' end)`;
}
