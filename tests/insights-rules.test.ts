// The health rule said once in TypeScript and once in SQL, held to each other; and the filter's parsing.
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { HEALTH_LABELS, healthOf, healthSql, QUIET_DAYS } from "~/modules/insights/health-rule";
import { parseInsightsFilter } from "~/modules/insights/insights-filter";
import { InputError } from "~/utils/errors.server";
import { db } from "./factories";

describe("health rule", () => {
  it("is On track within the expected days, Behind past them, Stuck past twice or after 14 quiet days", () => {
    expect(healthOf({ daysInStage: 10, expectedDays: 10, daysSinceDone: 0 })).toBe("on_track");
    expect(healthOf({ daysInStage: 11, expectedDays: 10, daysSinceDone: 0 })).toBe("behind");
    expect(healthOf({ daysInStage: 20, expectedDays: 10, daysSinceDone: 0 })).toBe("behind");
    expect(healthOf({ daysInStage: 21, expectedDays: 10, daysSinceDone: 0 })).toBe("stuck");
    expect(healthOf({ daysInStage: 1, expectedDays: 10, daysSinceDone: 13 })).toBe("on_track");
    expect(healthOf({ daysInStage: 1, expectedDays: 10, daysSinceDone: 14 })).toBe("stuck");
    // No expected days: only the quiet rule applies.
    expect(healthOf({ daysInStage: 400, expectedDays: null, daysSinceDone: 3 })).toBe("on_track");
    expect(healthOf({ daysInStage: 400, expectedDays: null, daysSinceDone: QUIET_DAYS })).toBe("stuck");
    expect(Object.values(HEALTH_LABELS)).toEqual(["On track", "Behind", "Stuck"]);
  });

  it("gives the same answer in SQL for every case on a grid", async () => {
    const cases: [number, number | null, number][] = [];
    for (const days of [0, 4, 5, 6, 10, 11, 30])
      for (const expected of [null, 5, 10]) for (const quiet of [0, 13, 14, 20]) cases.push([days, expected, quiet]);
    const values = sql.join(cases.map(([d, e, q]) => sql`(${d}::int, ${e}::int, ${q}::int)`));
    const { rows } = await sql<{ health: string }>`
      select ${healthSql(sql`d`, sql`e`, sql`q`)} as health from (values ${values}) v(d, e, q)`.execute(db());
    expect(rows.map((r) => r.health)).toEqual(
      cases.map(([d, e, q]) => healthOf({ daysInStage: d, expectedDays: e, daysSinceDone: q })),
    );
  });
});

describe("insights filter", () => {
  it("reads every filter and leaves empty ones out", () => {
    const id = "2f1c8a3e-1b2c-4d5e-8f90-1234567890ab";
    expect(
      parseInsightsFilter(
        new URLSearchParams({
          playbookId: id,
          csmId: "",
          cohort: "2026-03",
          periodFrom: "2026-03-01",
          segment: " smb ",
        }),
      ),
    ).toEqual({ playbookId: id, cohort: "2026-03", periodFrom: "2026-03-01", segment: "smb" });
  });

  it.each([
    [{ cohort: "2026-13" }, "cohort", /month like 2026-03/],
    [{ periodFrom: "2026-02-30" }, "periodFrom", /not a real date/],
    [{ periodFrom: "2026-03-10", periodTo: "2026-03-01" }, "periodTo", /start must not be after its end/],
    [{ versionId: "v1" }, "versionId", /not a known id/],
    [{ colour: "red" }, undefined, /Unknown filter: colour/],
  ])("refuses %o with a message on its field", (input, field, message) => {
    try {
      parseInsightsFilter(input as Record<string, string>);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).field).toBe(field);
      expect((e as Error).message).toMatch(message);
    }
  });
});
