// Imports a playbook document as a playbook's draft: a new playbook when none has
// the document's name, otherwise that playbook's draft is replaced. A draft is
// never live; journeys start from the latest published version (ADR 030).
import type { Kysely } from "kysely";
import type { Database } from "#db/schema";
import type { PlaybookDocument } from "./playbook-document";

export interface ImportedPlaybook {
  playbookId: string;
  /** Whether the playbook was new; otherwise its draft was replaced. */
  created: boolean;
}

export async function importPlaybook(db: Kysely<Database>, document: PlaybookDocument): Promise<ImportedPlaybook> {
  if (db.isTransaction) return writeDraft(db, document);
  return db.transaction().execute((trx) => writeDraft(trx, document));
}

async function writeDraft(trx: Kysely<Database>, doc: PlaybookDocument): Promise<ImportedPlaybook> {
  const existing = await trx
    .selectFrom("playbooks")
    .select("id")
    .where("name", "=", doc.name)
    .forUpdate()
    .executeTakeFirst();
  let playbookId: string;
  if (existing) {
    playbookId = existing.id;
    await trx.updateTable("playbooks").set({ description: doc.description }).where("id", "=", playbookId).execute();
    // Milestones and resources go with their stages (on delete cascade); journeys hold copies, never references.
    await trx.deleteFrom("playbook_stages").where("playbook_id", "=", playbookId).execute();
  } else {
    ({ id: playbookId } = await trx
      .insertInto("playbooks")
      .values({ name: doc.name, description: doc.description })
      .returning("id")
      .executeTakeFirstOrThrow());
  }

  const stageRows = await trx
    .insertInto("playbook_stages")
    .values(
      doc.stages.map((s, si) => ({
        playbook_id: playbookId,
        position: si + 1,
        key: s.key,
        name: s.name,
        description: s.description,
        goal: s.goal,
        success_measure: s.successMeasure,
        expected_days: s.expectedDays ?? null,
        email_subject: s.email?.subject ?? null,
        email_intro: s.email?.intro ?? null,
      })),
    )
    .returning(["id", "position"])
    .execute();
  const stageId = new Map(stageRows.map((r) => [r.position, r.id]));

  const milestones = doc.stages.flatMap((s, si) => s.milestones.map((m, mi) => ({ m, si, mi })));
  const milestoneRows = await trx
    .insertInto("playbook_milestones")
    .values(
      milestones.map(({ m, si, mi }) => ({
        stage_id: stageId.get(si + 1)!,
        position: mi + 1,
        key: m.key,
        title: m.title,
        description: m.description,
        owner_side: m.ownerSide,
        owner_role: m.ownerRole,
        due_offset_days: m.dueOffsetDays,
        due_offset_kind: m.dueOffsetKind,
        due_from: m.dueFrom,
        required: m.required,
        visibility: m.visibility,
        first_value: m.firstValue,
        segments: m.segments ?? null,
      })),
    )
    .returning(["id", "key"])
    .execute();
  const milestoneId = new Map(milestoneRows.map((r) => [r.key, r.id]));

  const resources = milestones.flatMap(({ m }) =>
    m.resources.map((r, ri) => ({
      milestone_id: milestoneId.get(m.key)!,
      position: ri + 1,
      title: r.title,
      url: r.url,
      kind: r.kind,
      minutes: r.minutes,
    })),
  );
  if (resources.length) await trx.insertInto("playbook_resources").values(resources).execute();
  return { playbookId, created: !existing };
}
