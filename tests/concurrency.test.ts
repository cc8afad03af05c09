// Twenty completions at the same instant, from a customer and a CSM: the
// journey enters the next stage exactly once.
import { expect, it } from "vitest";
import { completeMilestone } from "~/modules/journeys/complete-milestone.server";
import { completeWideStageAtOnce, db, makeAccount, makePlaybook, makeStaff, wideStagePlaybook } from "./factories";

const NOW = new Date("2026-05-01T09:00:00Z");

it("20 concurrent completions record one transition per stage and every completion", async () => {
  const csm = await makeStaff();
  const playbookId = await makePlaybook(wideStagePlaybook());
  const acct = await makeAccount({ csmId: csm.id, playbookId });

  const results = await completeWideStageAtOnce(acct, csm.id, NOW);

  expect(results.filter((r) => r.entered.length > 0)).toHaveLength(1);
  const transitions = await db()
    .selectFrom("stage_transitions as t")
    .innerJoin("journey_stages as s", "s.id", "t.stage_id")
    .select("s.name")
    .where("t.journey_id", "=", acct.journeyId)
    .execute();
  expect(transitions.map((t) => t.name).sort()).toEqual(["Live", "Setup"]);
  const events = await db()
    .selectFrom("milestone_events")
    .select("kind")
    .where("journey_id", "=", acct.journeyId)
    .execute();
  expect(events).toHaveLength(20);
  const j = await db()
    .selectFrom("journeys")
    .select("current_stage_position")
    .where("id", "=", acct.journeyId)
    .executeTakeFirstOrThrow();
  expect(j.current_stage_position).toBe(2);
});

it("the same milestone completed 20 times at once is completed once", async () => {
  const csm = await makeStaff();
  const acct = await makeAccount({ csmId: csm.id, playbookId: await makePlaybook() });
  const customer = { id: acct.contacts[0].id, role: "customer" as const, accountId: acct.accountId };
  const csmActor = { id: csm.id, role: "csm" as const, accountId: null };
  const results = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      completeMilestone(db(), i % 2 ? csmActor : customer, acct.m["Sign contract"], NOW),
    ),
  );
  expect(results.filter((r) => r.changed)).toHaveLength(1);
  const events = await db()
    .selectFrom("milestone_events")
    .select("id")
    .where("milestone_id", "=", acct.m["Sign contract"])
    .execute();
  expect(events).toHaveLength(1);
});

it("the database refuses a second entry into the same stage", async () => {
  const csm = await makeStaff();
  const acct = await makeAccount({ csmId: csm.id, playbookId: await makePlaybook() });
  const stage = await db()
    .selectFrom("journey_stages")
    .select("id")
    .where("journey_id", "=", acct.journeyId)
    .where("position", "=", 1)
    .executeTakeFirstOrThrow();
  await expect(
    db()
      .insertInto("stage_transitions")
      .values({ journey_id: acct.journeyId, stage_id: stage.id, entered_at: NOW })
      .execute(),
  ).rejects.toThrow(/stage_transitions_once_key/);
});
