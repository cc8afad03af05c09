// A playbook's draft (its tables) read back as a document, the same shape a
// version stores, so that publishing and exporting go through the one schema.
import { sql } from "kysely";
import type { DB } from "~/utils/db.server";
import { NotFoundError } from "~/utils/errors.server";
import { type PlaybookDocument, playbookDocumentSchema } from "./playbook-document";

/** The draft as stored, before it is checked: a draft may be unfinished. */
export async function readPlaybookDraftRaw(db: DB, playbookId: string): Promise<unknown> {
  const { rows } = await sql<{ document: unknown }>`
    select jsonb_strip_nulls(jsonb_build_object(
      'name', p.name, 'description', p.description,
      'stages', coalesce((select jsonb_agg(jsonb_build_object(
        'key', ps.key, 'name', ps.name, 'description', ps.description, 'goal', ps.goal,
        'successMeasure', ps.success_measure, 'expectedDays', ps.expected_days,
        'email', case when ps.email_subject is not null
          then jsonb_build_object('subject', ps.email_subject, 'intro', ps.email_intro) end,
        'milestones', coalesce((select jsonb_agg(jsonb_build_object(
          'key', pm.key, 'title', pm.title, 'description', pm.description,
          'ownerSide', pm.owner_side, 'ownerRole', pm.owner_role, 'dueOffsetDays', pm.due_offset_days,
          'dueFrom', pm.due_from, 'dueOffsetKind', pm.due_offset_kind, 'required', pm.required,
          'visibility', pm.visibility, 'firstValue', pm.first_value, 'segments', to_jsonb(pm.segments),
          'resources', coalesce((select jsonb_agg(jsonb_build_object(
            'title', pr.title, 'url', pr.url, 'kind', pr.kind, 'minutes', pr.minutes) order by pr.position)
            from playbook_resources pr where pr.milestone_id = pm.id), '[]'::jsonb)
        ) order by pm.position) from playbook_milestones pm where pm.stage_id = ps.id), '[]'::jsonb)
      ) order by ps.position) from playbook_stages ps where ps.playbook_id = p.id), '[]'::jsonb))) as document
    from playbooks p where p.id = ${playbookId}`.execute(db);
  if (!rows[0]) throw new NotFoundError("No such playbook.");
  return rows[0].document;
}

/** The draft as a checked document; a draft that breaks the schema cannot be published. */
export async function readPlaybookDraft(db: DB, playbookId: string): Promise<PlaybookDocument> {
  return playbookDocumentSchema.parse(await readPlaybookDraftRaw(db, playbookId));
}
