// Migration 009 on a database from before versions: every playbook becomes its
// version 1 with keys made from its names, and the journeys started from it
// record that version and the keys of their copied stages and milestones.
import { Migrator, sql } from "kysely";
import { expect, it } from "vitest";
import { playbookDocumentSchema } from "~/modules/playbooks/playbook-document";
import { migrateToLatest } from "~/server/migrate";
import { migrations } from "../db/migrations/index";
import { db } from "./factories";

it("backfills version 1 of each playbook and the version of each journey", async () => {
  const migrator = new Migrator({ db: db(), provider: { getMigrations: async () => migrations } });
  // Back to the schema of 008, undoing 009 and every migration after it.
  const down = await migrator.migrateTo("008-account-import");
  expect(down.error).toBeUndefined();
  expect(down.results?.at(-1)).toMatchObject({ migrationName: "009-playbook-versions", status: "Success" });

  // The shapes of migrations 001 to 008: no keys, and the customer's side owned by "customer".
  const { rows } = await sql<{ id: string }>`
    insert into playbooks (name, description) values ('Old playbook', 'From before') returning id`.execute(db());
  const playbookId = rows[0]!.id;
  await sql`
    with s as (
      insert into playbook_stages (playbook_id, position, name, description)
      values (${playbookId}, 1, 'Get Started!', 'Begin.'), (${playbookId}, 2, 'Get started', 'Again.')
      returning id, position
    ), m as (
      insert into playbook_milestones (stage_id, position, title, description, owner_side, owner_role,
        due_offset_days, due_offset_kind, required)
      select s.id, 1, 'Sign the contract', '', 'customer', 'customer', s.position * 3, 'business', s.position = 1
      from s returning id
    )
    insert into playbook_resources (milestone_id, position, title, url, kind, minutes)
    select id, 1, 'Guide', 'https://help.example/guide', 'guide', 5 from m`.execute(db());
  const { rows: acct } = await sql<{ id: string }>`
    insert into accounts (name, started_on) values ('Old account', '2026-01-05') returning id`.execute(db());
  const { rows: jr } = await sql<{ id: string }>`
    insert into journeys (account_id, playbook_id, playbook_name, started_on)
    values (${acct[0]!.id}, ${playbookId}, 'Old playbook', '2026-01-05') returning id`.execute(db());
  const journeyId = jr[0]!.id;
  await sql`
    with s as (
      insert into journey_stages (journey_id, position, name) values (${journeyId}, 1, 'Get Started!'), (${journeyId}, 2, 'Get started')
      returning id, position
    )
    insert into journey_milestones (journey_id, stage_id, position, title, owner_side, owner_role, required, due_on)
    select ${journeyId}, s.id, 1, 'Sign the contract', 'customer', 'customer', true, '2026-01-08' from s`.execute(db());

  await migrateToLatest(db());

  const version = await db()
    .selectFrom("playbook_versions")
    .selectAll()
    .where("playbook_id", "=", playbookId)
    .executeTakeFirstOrThrow();
  expect(version.number).toBe(1);
  const document = playbookDocumentSchema.parse(version.document);
  expect(document.stages.map((s) => s.key)).toEqual(["get-started", "get-started-2"]);
  expect(document.stages.map((s) => s.milestones[0]!.key)).toEqual(["sign-the-contract", "sign-the-contract-2"]);
  expect(document.stages[0]!.milestones[0]).toMatchObject({
    ownerSide: "customer",
    ownerRole: "champion",
    dueOffsetDays: 3,
    dueOffsetKind: "business",
    required: true,
    resources: [{ title: "Guide", url: "https://help.example/guide", kind: "guide", minutes: 5 }],
  });
  const journey = await db()
    .selectFrom("journeys")
    .select("playbook_version_id")
    .where("id", "=", journeyId)
    .executeTakeFirstOrThrow();
  expect(journey.playbook_version_id).toBe(version.id);
  const keys = await db()
    .selectFrom("journey_milestones as m")
    .innerJoin("journey_stages as s", "s.id", "m.stage_id")
    .select(["s.playbook_key as stage", "m.playbook_key as milestone"])
    .where("m.journey_id", "=", journeyId)
    .orderBy("s.position")
    .execute();
  expect(keys).toEqual([
    { stage: "get-started", milestone: "sign-the-contract" },
    { stage: "get-started-2", milestone: "sign-the-contract-2" },
  ]);
});
