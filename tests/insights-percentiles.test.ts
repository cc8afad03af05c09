// percentilesFromCounts (ADR 041) gives percentile_cont's own answer from counted values.
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { percentilesFromCounts } from "~/modules/insights/insights-scope.server";
import { db } from "./factories";

describe("percentiles from counted values", () => {
  it("equals percentile_cont over the same rows, group by group", async () => {
    // Groups of 1 to 40 values in -3..20, with many repeats; a fixed sequence, so a failure repeats.
    let seed = 7;
    const next = () => {
      seed = (seed * 48271) % 2147483647;
      return seed;
    };
    const rows: [number, number][] = [];
    for (let g = 1; g <= 60; g++) {
      const size = 1 + (next() % 40);
      for (let i = 0; i < size; i++) rows.push([g, (next() % 24) - 3]);
    }
    const values = sql.join(rows.map(([g, v]) => sql`(${g}::int, ${v}::int)`));
    // Each value's count split over two rows where it can be, as a caller grouping by more columns gives.
    const { rows: got } = await sql<{ grp: number; p25: number; p50: number; p75: number; p90: number }>`
      with raw(grp, v) as (values ${values}),
      counted as (
        select grp, v, count(*) as c from raw group by grp, v
      ),
      split as (
        select grp, v, c / 2 as n from counted where c / 2 > 0
        union all select grp, v, c - c / 2 from counted
      )
      ${percentilesFromCounts(sql`select grp, v, n from split`, { p25: 0.25, p50: 0.5, p75: 0.75, p90: 0.9 })}
      order by grp`.execute(db());
    const { rows: want } = await sql<{ grp: number; p25: number; p50: number; p75: number; p90: number }>`
      with raw(grp, v) as (values ${values})
      select grp,
        percentile_cont(0.25) within group (order by v) as p25, percentile_cont(0.5) within group (order by v) as p50,
        percentile_cont(0.75) within group (order by v) as p75, percentile_cont(0.9) within group (order by v) as p90
      from raw group by grp order by grp`.execute(db());
    expect(got).toHaveLength(60);
    expect(got).toEqual(want);
  });
});
