// Playbook versions: importing writes a draft that is never live, publishing
// freezes it as version N with a note, the database refuses to change a version,
// and every journey (one at a time or by CSV import) records the version it runs.
import fs from "node:fs";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { startJourneys } from "~/modules/import/start-journeys.server";
import { createJourney } from "~/modules/journeys/create-journey.server";
import { importPlaybook } from "~/modules/playbooks/import-playbook.server";
import { findLatestVersion } from "~/modules/playbooks/latest-playbook-version.server";
import { playbookDocumentSchema } from "~/modules/playbooks/playbook-document";
import { parsePlaybookYaml, playbookToYaml } from "~/modules/playbooks/playbook-yaml";
import { publishPlaybook } from "~/modules/playbooks/publish-playbook.server";
import { readPlaybookDraft } from "~/modules/playbooks/read-playbook-draft.server";
import { DEMO_PLAYBOOK_FILE, demoPlaybook, seedPlaybook } from "~/server/demo/seed-playbook";
import { InputError } from "~/utils/errors.server";
import { db, makeStaff, milestoneSeed } from "./factories";

const T0 = new Date("2026-03-02T10:00:00Z");

function doc(name: string, extraTitle?: string) {
  return playbookDocumentSchema.parse({
    name,
    stages: [
      {
        key: "start",
        name: "Start",
        milestones: [
          milestoneSeed("Sign", "customer", "customer", 0, true),
          ...(extraTitle ? [milestoneSeed(extraTitle, "vendor", "onboarding", 4, true)] : []),
        ],
      },
      { key: "live", name: "Live", milestones: [milestoneSeed("Go live", "vendor", "csm", 10, true)] },
    ],
  });
}

async function newAccount(externalId?: string) {
  const csm = await makeStaff();
  const account = await db()
    .insertInto("accounts")
    .values({
      name: `Acct ${externalId ?? Math.random()}`,
      csm_id: csm.id,
      started_on: "2026-03-02",
      external_id: externalId,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return account.id;
}

async function journeyOf(accountId: string) {
  const journey = await db()
    .selectFrom("journeys")
    .select(["id", "playbook_version_id", "playbook_name"])
    .where("account_id", "=", accountId)
    .executeTakeFirstOrThrow();
  const milestones = await db()
    .selectFrom("journey_milestones")
    .select(["title", "playbook_key"])
    .where("journey_id", "=", journey.id)
    .orderBy("due_on")
    .execute();
  const stages = await db()
    .selectFrom("journey_stages")
    .select("playbook_key")
    .where("journey_id", "=", journey.id)
    .orderBy("position")
    .execute();
  return { ...journey, milestones, stageKeys: stages.map((s) => s.playbook_key) };
}

describe("drafts and versions", () => {
  it("publishes numbered versions with notes, and journeys start from the latest, never from the draft", async () => {
    const { playbookId, created } = await importPlaybook(db(), doc("Versioned"));
    expect(created).toBe(true);
    expect(await findLatestVersion(db(), playbookId)).toBeNull();
    const accountA = await newAccount();
    // A draft alone is not live.
    await expect(
      db()
        .transaction()
        .execute((trx) => createJourney(trx, { accountId: accountA, playbookId, startedOn: "2026-03-02" }, T0)),
    ).rejects.toThrow(InputError);

    const v1 = await publishPlaybook(db(), { playbookId, note: "First cut." }, T0);
    expect(v1.number).toBe(1);

    // Re-importing the same name replaces the draft; journeys still start from version 1.
    const again = await importPlaybook(db(), doc("Versioned", "Kickoff"));
    expect(again).toEqual({ playbookId, created: false });
    expect((await readPlaybookDraft(db(), playbookId)).stages[0]!.milestones.map((m) => m.key)).toEqual([
      "sign",
      "kickoff",
    ]);
    await db()
      .transaction()
      .execute((trx) => createJourney(trx, { accountId: accountA, playbookId, startedOn: "2026-03-02" }, T0));
    const a = await journeyOf(accountA);
    expect(a.playbook_version_id).toBe(v1.versionId);
    expect(a.milestones.map((m) => m.playbook_key)).toEqual(["sign", "go-live"]);
    expect(a.stageKeys).toEqual(["start", "live"]);

    const v2 = await publishPlaybook(db(), { playbookId, note: "Added a kickoff." }, T0);
    expect(v2.number).toBe(2);
    const latest = await findLatestVersion(db(), playbookId);
    expect(latest).toMatchObject({ id: v2.versionId, number: 2, note: "Added a kickoff." });
    expect(latest!.document).toEqual(JSON.parse(JSON.stringify(doc("Versioned", "Kickoff"))));

    const accountB = await newAccount();
    await db()
      .transaction()
      .execute((trx) => createJourney(trx, { accountId: accountB, playbookId, startedOn: "2026-03-02" }, T0));
    const b = await journeyOf(accountB);
    expect(b.playbook_version_id).toBe(v2.versionId);
    expect(b.milestones.map((m) => m.playbook_key)).toEqual(["sign", "kickoff", "go-live"]);
    // The journey on version 1 is untouched.
    expect((await journeyOf(accountA)).milestones).toHaveLength(2);
  });

  it("refuses a publish with nothing changed, or without a one-line note", async () => {
    const { playbookId } = await importPlaybook(db(), doc("Same"));
    await publishPlaybook(db(), { playbookId, note: "One." }, T0);
    await expect(publishPlaybook(db(), { playbookId, note: "Again." }, T0)).rejects.toThrow(
      "Nothing changed since version 1.",
    );
    await importPlaybook(db(), doc("Same", "Extra"));
    await expect(publishPlaybook(db(), { playbookId, note: "  " }, T0)).rejects.toThrow(InputError);
    await expect(publishPlaybook(db(), { playbookId, note: "two\nlines" }, T0)).rejects.toThrow(InputError);
    const versions = await db()
      .selectFrom("playbook_versions")
      .select("number")
      .where("playbook_id", "=", playbookId)
      .execute();
    expect(versions.map((v) => v.number)).toEqual([1]);
  });

  it("the database refuses to change a published version", async () => {
    const { playbookId } = await importPlaybook(db(), doc("Frozen"));
    const { versionId } = await publishPlaybook(db(), { playbookId, note: "Frozen." }, T0);
    const before = await db()
      .selectFrom("playbook_versions")
      .selectAll()
      .where("id", "=", versionId)
      .executeTakeFirstOrThrow();
    await expect(
      sql`update playbook_versions set document = jsonb_set(document, '{name}', '"Changed"') where id = ${versionId}`.execute(
        db(),
      ),
    ).rejects.toThrow(/published and never changes/);
    await expect(
      sql`update playbook_versions set note = 'Rewritten' where id = ${versionId}`.execute(db()),
    ).rejects.toThrow(/published and never changes/);
    await expect(sql`update playbook_versions set number = 7 where id = ${versionId}`.execute(db())).rejects.toThrow(
      /published and never changes/,
    );
    const after = await db()
      .selectFrom("playbook_versions")
      .selectAll()
      .where("id", "=", versionId)
      .executeTakeFirstOrThrow();
    expect(after).toEqual(before);
  });

  it("a CSV import's journeys record the latest published version", async () => {
    const { playbookId } = await importPlaybook(db(), doc("Imported"));
    await publishPlaybook(db(), { playbookId, note: "One." }, T0);
    await importPlaybook(db(), doc("Imported", "Kickoff"));
    const v2 = await publishPlaybook(db(), { playbookId, note: "Two." }, T0);
    // A later draft is not live for the import either.
    await importPlaybook(db(), doc("Imported", "Draft only"));
    const accountId = await newAccount("ext-versions-1");
    await db()
      .transaction()
      .execute((trx) =>
        startJourneys(
          trx,
          [{ externalId: "ext-versions-1", playbookId, startedOn: "2026-03-02", primaryEmail: null }],
          T0,
        ),
      );
    const j = await journeyOf(accountId);
    expect(j.playbook_version_id).toBe(v2.versionId);
    expect(j.playbook_name).toBe("Imported");
    expect(j.milestones.map((m) => m.playbook_key)).toEqual(["sign", "kickoff", "go-live"]);
    expect(j.stageKeys).toEqual(["start", "live"]);
  });
});

describe("the demo playbook", () => {
  it("ships as a YAML file already in the exported form, and seeds as version 1", async () => {
    const text = fs.readFileSync(DEMO_PLAYBOOK_FILE, "utf8");
    const parsed = parsePlaybookYaml(text);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(playbookToYaml(parsed.document)).toBe(text);
    expect(parsed.document.stages.map((s) => s.key)).toEqual([
      "purchase",
      "onboarding",
      "adoption",
      "retention",
      "expansion",
      "advocacy",
    ]);
    const renamed = { ...demoPlaybook(), name: "Demo copy" };
    const playbookId = await seedPlaybook(db(), renamed, T0);
    const latest = await findLatestVersion(db(), playbookId);
    expect(latest).toMatchObject({ number: 1 });
    expect(latest!.document).toEqual(JSON.parse(JSON.stringify(renamed)));
    expect(await readPlaybookDraft(db(), playbookId)).toEqual(renamed);
  });
});
