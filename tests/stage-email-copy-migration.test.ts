// Migration 016 on a database from before stage emails had their words in the
// playbook: the words the code picked by stage name move into the drafts and
// into the stage emails still waiting, so nothing queued reads differently.
import { Migrator, sql } from "kysely";
import { expect, it } from "vitest";
import { migrateToLatest } from "~/server/migrate";
import { migrations } from "../db/migrations/index";
import { db, makePlaybook, smallPlaybook } from "./factories";

const names = Object.keys(migrations);
const BEFORE = names[names.indexOf("016-stage-email-copy") - 1]!;

function oldPayload(stageName: string) {
  return JSON.stringify({
    journeyId: "00000000-0000-4000-8000-000000000010",
    accountId: "00000000-0000-4000-8000-000000000011",
    accountName: "Old Co",
    stage: { name: stageName, description: "", number: 2, total: 4 },
    fromStage: "Purchase",
    daysInLastStage: 3,
    milestones: [],
    resources: [],
  });
}

it("writes the old per-stage words into drafts and waiting stage emails, and leaves the rest alone", async () => {
  const playbookId = await makePlaybook(smallPlaybook());
  const migrator = new Migrator({ db: db(), provider: { getMigrations: async () => migrations } });
  const down = await migrator.migrateTo(BEFORE);
  expect(down.error).toBeUndefined();

  const insert = (key: string, stageName: string, html: string | null) =>
    sql`insert into email_outbox (dedupe_key, kind, to_email, payload, html, created_at, updated_at)
      values (${key}, 'stage_entered_customer', 'old@customer.test', ${oldPayload(stageName)}::jsonb, ${html}, now(), now())`.execute(
      db(),
    );
  await insert("old-waiting", "ONBOARDING", null);
  await insert("old-pilot", "Pilot", null);
  await insert("old-sent", "Adoption", "<p>Sent already</p>");

  await migrateToLatest(db());

  const payload = async (key: string) =>
    (await db().selectFrom("email_outbox").select("payload").where("dedupe_key", "=", key).executeTakeFirstOrThrow())
      .payload as Record<string, unknown>;
  expect((await payload("old-waiting")).copy).toEqual({
    subject: "Welcome to Onboarding, {account}",
    intro:
      "Welcome aboard! The next few weeks are about getting you set up: your workspace configured, your tools connected and your admins confident. We work through each step with you, so you are never on your own.",
  });
  // A stage the code had no words for rendered the generic ones, and still does; a sent email is as it was sent.
  expect((await payload("old-pilot")).copy).toBeUndefined();
  expect((await payload("old-sent")).copy).toBeUndefined();

  const stages = await db()
    .selectFrom("playbook_stages")
    .select(["key", "email_subject", "email_intro"])
    .where("playbook_id", "=", playbookId)
    .orderBy("position")
    .execute();
  expect(stages.map((s) => [s.key, s.email_subject])).toEqual([
    ["purchase", "Welcome to {vendor}, {account}"],
    ["onboarding", "Welcome to Onboarding, {account}"],
    ["adoption", "Time to put it to work, {account}"],
    ["retention", "Keeping things running smoothly for {account}"],
  ]);
  expect(stages.every((s) => s.email_intro && s.email_intro.length > 50)).toBe(true);
});
