// Keeps the per-journey rows of bottleneck milestones and delay by side (ADR 044, migration 020):
// the journeys whose rows are missing, dropped by a write, or computed for another clock day are
// computed again, in batches, by the same SQL the figures use for journeys not kept.
import { sql } from "kysely";
import type { DB } from "~/utils/db.server";
import { bottleneckStepRows } from "./get-bottleneck-milestones.server";
import { delayRows } from "./get-delay-by-side.server";
import { journeyClocks, KEPT_FORMULA } from "./insights-scope.server";

export interface RefreshResult {
  /** Journeys computed and marked fresh. */
  journeys: number;
  batches: number;
}

/** A batch is one transaction; writers to its journeys wait for it, so it stays short (ADR 044). */
const BATCH = 500;

/**
 * Computes again the kept rows of every journey of an account not archived whose rows are not
 * current at `now`. `onBatch` hears the running count, for a long first run.
 */
export async function refreshKeptInsights(
  db: DB,
  now: Date,
  opts: { batch?: number; onBatch?: (done: number) => void } = {},
): Promise<RefreshResult> {
  const batch = opts.batch ?? BATCH;
  let journeys = 0;
  let batches = 0;
  for (;;) {
    const n = await db.transaction().execute(async (trx) => {
      // Writers drop marks with a row-exclusive lock on insight_fresh; this lock waits for those in
      // flight to commit and holds new ones back until this batch is written, so every batch reads
      // the steps as of its own start and no write can fall between its reading and its mark.
      await sql`lock table insight_fresh in share row exclusive mode`.execute(trx);
      await sql`set local jit = off`.execute(trx);
      await sql`set local work_mem = '32MB'`.execute(trx);
      // A batch is a few hundred journeys: their stages and steps come by index (ADR 041's setting).
      await sql`set local random_page_cost = 1.1`.execute(trx);
      const stale = journeyClocks([sql`a.archived_at is null`], now);
      const { rows } = await sql<{ journeys: number }>`
        with live as materialized (
          select c.* from (${stale}) c
          left join insight_fresh f on f.journey_id = c.journey_id
          where f.journey_id is null or f.clock_day <> c.clock_day or f.formula <> ${KEPT_FORMULA}
          order by c.journey_id
          limit ${batch}
        ),
        ${bottleneckStepRows(true)},
        ${delayRows()},
        gone_steps as (delete from insight_step_rows where journey_id in (select journey_id from live)),
        gone_delay as (delete from insight_delay_rows where journey_id in (select journey_id from live)),
        put_steps as (
          insert into insight_step_rows (journey_id, key, late, title, stage_name, stage_position, done, on_time,
            open_overdue, stage_exits, held_stage)
          select journey_id, key, late, title, stage_name, stage_position, done, on_time, open_overdue,
            stage_exits, held_stage
          from step_rows
        ),
        put_delay as (
          insert into insight_delay_rows (journey_id, side, fn, days) select journey_id, side, fn, days from delay_rows
        ),
        marked as (
          insert into insight_fresh (journey_id, clock_day, formula, refreshed_at)
          select journey_id, clock_day, ${KEPT_FORMULA}, ${now} from live
          on conflict (journey_id) do update
          set clock_day = excluded.clock_day, formula = excluded.formula, refreshed_at = excluded.refreshed_at
          returning 1
        )
        select count(*)::int as journeys from marked`.execute(trx);
      return rows[0].journeys;
    });
    if (n === 0) break;
    journeys += n;
    batches += 1;
    opts.onBatch?.(journeys);
    if (n < batch) break;
  }
  // A refresh that rewrote a good share of the rows (every open journey on a new day) leaves dead
  // rows and old statistics: the figures then plan index lookups per journey over a bloated table
  // (ADR 044: 293 against 197 ms). Tidy up at once rather than wait for autovacuum's next round.
  if (journeys > 0) {
    const { kept } = await db
      .selectFrom("insight_fresh")
      .select((eb) => eb.fn.countAll<number>().as("kept"))
      .executeTakeFirstOrThrow();
    if (journeys * 5 >= Number(kept)) {
      await sql`vacuum (analyze) insight_fresh, insight_step_rows, insight_delay_rows`.execute(db);
    }
  }
  return { journeys, batches };
}
