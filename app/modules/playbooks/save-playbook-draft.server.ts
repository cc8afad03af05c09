// Saves the studio editor's form as a playbook's draft (ADR 035). The form holds only
// the fields the editor shows; they are laid over the stored draft, matched by key,
// the result is checked whole by the playbook schema, and the draft's rows are
// updated in place, so fields and columns the editor does not know stay as they are.
// All or nothing: one transaction, and nothing is written unless every field passes.
import { type Kysely, sql } from "kysely";
import type { Database, Role } from "#db/schema";
import { NotFoundError } from "~/utils/errors.server";
import { draftVersionOf } from "./draft-version.server";
import { type PlaybookDocument, type PlaybookDocumentInput, playbookDocumentSchema } from "./playbook-document";
import { type EditorDocument, editorToDocument, issueField, slugKey, uniqueKey } from "./playbook-editor-form";
import { assertMayEditPlaybooks } from "./playbook-editors";
import { isNameClash, nameTakenMessage, playbookNameTaken } from "./playbook-name.server";
import { readPlaybookDraftRaw } from "./read-playbook-draft.server";

export type SaveDraftResult =
  | { ok: true; changed: boolean; draftVersion: string }
  | { ok: false; conflict: boolean; message: string; fieldErrors: Record<string, string> };

type Row = Record<string, unknown>;
const asRow = (v: unknown): Row => (v && typeof v === "object" && !Array.isArray(v) ? (v as Row) : {});
const rows = (v: unknown): Row[] => (Array.isArray(v) ? v.map(asRow) : []);

export async function savePlaybookDraft(
  db: Kysely<Database>,
  actor: { role: Role },
  input: { playbookId: string; form: EditorDocument; draftVersion: string },
): Promise<SaveDraftResult> {
  assertMayEditPlaybooks(actor);
  try {
    return await db.transaction().execute(async (trx) => {
      // One save at a time per playbook, so the version check below holds until the commit.
      const playbook = await trx
        .selectFrom("playbooks")
        .select("id")
        .where("id", "=", input.playbookId)
        .forUpdate()
        .executeTakeFirst();
      if (!playbook) throw new NotFoundError("No such playbook.");
      const stored = await readPlaybookDraftRaw(trx, input.playbookId);
      const before = draftVersionOf(stored);
      if (before !== input.draftVersion) {
        return {
          ok: false as const,
          conflict: true,
          message:
            "Someone saved this draft after you opened it, so yours was not saved. Reload the page to see theirs, then make your changes again.",
          fieldErrors: {},
        };
      }

      const edited = editorToDocument(input.form);
      giveNewKeys(edited, stored, await publishedKeys(trx, input.playbookId));
      const checked = playbookDocumentSchema.safeParse(mergeIntoDraft(stored, edited));
      if (!checked.success) {
        const fieldErrors: Record<string, string> = {};
        for (const issue of checked.error.issues) fieldErrors[issueField(issue.path)] ??= issue.message;
        const count = Object.keys(fieldErrors).length;
        return {
          ok: false as const,
          conflict: false,
          message: `Nothing was saved: ${count === 1 ? "one field needs" : `${count} fields need`} a change. ${checked.error.issues[0]!.message}`,
          fieldErrors,
        };
      }
      if (await playbookNameTaken(trx, checked.data.name, input.playbookId)) {
        const message = nameTakenMessage(checked.data.name);
        return { ok: false as const, conflict: false, message, fieldErrors: { name: message } };
      }

      await writeDraftRows(trx, input.playbookId, checked.data);
      const after = draftVersionOf(await readPlaybookDraftRaw(trx, input.playbookId));
      return { ok: true as const, changed: after !== before, draftVersion: after };
    });
  } catch (e) {
    if (!isNameClash(e)) throw e;
    const message = nameTakenMessage(input.form.name.trim());
    return { ok: false, conflict: false, message, fieldErrors: { name: message } };
  }
}

/**
 * The editor's fields laid over the stored draft: stages and milestones are matched
 * by key (a milestone may have moved to another stage), and whatever the editor does
 * not show (fields added to the document later, such as a stage's emails) is kept.
 * Resources have no keys and every field of theirs is in the editor, so they are taken whole.
 */
export function mergeIntoDraft(stored: unknown, edited: PlaybookDocumentInput): unknown {
  const draft = asRow(stored);
  const storedStages = new Map(rows(draft.stages).map((s) => [s.key, s]));
  const storedMilestones = new Map(
    rows(draft.stages)
      .flatMap((s) => rows(s.milestones))
      .map((m) => [m.key, m]),
  );
  return {
    ...draft,
    name: edited.name,
    description: edited.description,
    stages: edited.stages.map(({ milestones, ...stage }) => ({
      ...storedStages.get(stage.key),
      ...stage,
      milestones: milestones.map((m) => ({ ...storedMilestones.get(m.key), ...m })),
    })),
  };
}

/**
 * Stages and milestones added in the editor get a key from their name or title, made
 * unique: never one the draft or any published version has used, so a new milestone is
 * never mistaken for an old one when versions are compared. Existing keys never change.
 */
export function giveNewKeys(
  edited: PlaybookDocumentInput,
  stored: unknown,
  published: { stages: string[]; milestones: string[] },
): void {
  const draftStages = rows(asRow(stored).stages);
  const stageKeys = new Set([
    ...published.stages,
    ...draftStages.map((s) => String(s.key)),
    ...edited.stages.map((s) => s.key).filter(Boolean),
  ]);
  const milestoneKeys = new Set([
    ...published.milestones,
    ...draftStages.flatMap((s) => rows(s.milestones).map((m) => String(m.key))),
    ...edited.stages.flatMap((s) => s.milestones.map((m) => m.key)).filter(Boolean),
  ]);
  for (const stage of edited.stages) {
    if (!stage.key) stage.key = uniqueKey(slugKey(stage.name, "stage"), stageKeys);
    for (const m of stage.milestones) {
      if (!m.key) m.key = uniqueKey(slugKey(m.title, "milestone"), milestoneKeys);
    }
  }
}

async function publishedKeys(trx: Kysely<Database>, playbookId: string) {
  const { rows: found } = await sql<{ kind: "stage" | "milestone"; key: string }>`
    select distinct 'stage' as kind, s->>'key' as key
    from playbook_versions v cross join lateral jsonb_array_elements(v.document->'stages') s
    where v.playbook_id = ${playbookId}
    union
    select distinct 'milestone', m->>'key'
    from playbook_versions v cross join lateral jsonb_array_elements(v.document->'stages') s
      cross join lateral jsonb_array_elements(s->'milestones') m
    where v.playbook_id = ${playbookId}`.execute(trx);
  return {
    stages: found.filter((r) => r.kind === "stage").map((r) => r.key),
    milestones: found.filter((r) => r.kind === "milestone").map((r) => r.key),
  };
}

/**
 * The checked draft written over the playbook's rows: rows are matched by key and
 * updated in place (only the columns the document has), new ones inserted, removed
 * ones deleted. Columns this code does not name keep their values.
 */
async function writeDraftRows(trx: Kysely<Database>, playbookId: string, doc: PlaybookDocument): Promise<void> {
  const stageKeys = doc.stages.map((s) => s.key);
  const milestoneKeys = doc.stages.flatMap((s) => s.milestones.map((m) => m.key));
  const stages = JSON.stringify(
    doc.stages.map((s, si) => ({
      position: si + 1,
      key: s.key,
      name: s.name,
      description: s.description,
      goal: s.goal,
      success_measure: s.successMeasure,
      expected_days: s.expectedDays ?? null,
    })),
  );
  const milestones = JSON.stringify(
    doc.stages.flatMap((s) =>
      s.milestones.map((m, mi) => ({
        stage_key: s.key,
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
    ),
  );
  const resources = JSON.stringify(
    doc.stages.flatMap((s) =>
      s.milestones.flatMap((m) =>
        m.resources.map((r, ri) => ({
          milestone_key: m.key,
          position: ri + 1,
          title: r.title,
          url: r.url,
          kind: r.kind,
          minutes: r.minutes,
        })),
      ),
    ),
  );
  const playbookMilestones = sql`(select pm.id from playbook_milestones pm
    join playbook_stages ps on ps.id = pm.stage_id where ps.playbook_id = ${playbookId})`;

  await trx
    .updateTable("playbooks")
    .set({ name: doc.name, description: doc.description })
    .where("id", "=", playbookId)
    .execute();
  // Positions step aside first: they are unique per playbook and per stage, checked row by row.
  await sql`update playbook_stages set position = -position where playbook_id = ${playbookId}`.execute(trx);
  await sql`update playbook_milestones set position = -position where id in ${playbookMilestones}`.execute(trx);
  // Removed milestones go before any moves, so a kept one may move into any stage.
  await sql`delete from playbook_milestones
    where id in ${playbookMilestones} and not (key = any(${milestoneKeys}::text[]))`.execute(trx);

  await sql`
    insert into playbook_stages (playbook_id, position, key, name, description, goal, success_measure, expected_days)
    select ${playbookId}, r.position, r.key, r.name, r.description, r.goal, r.success_measure, r.expected_days
    from jsonb_to_recordset(${stages}::jsonb) as r(position integer, key text, name text, description text,
      goal text, success_measure text, expected_days integer)
    on conflict (playbook_id, key) do update set position = excluded.position, name = excluded.name,
      description = excluded.description, goal = excluded.goal, success_measure = excluded.success_measure,
      expected_days = excluded.expected_days`.execute(trx);

  const milestoneRows = sql`jsonb_to_recordset(${milestones}::jsonb) as r(stage_key text, position integer, key text,
    title text, description text, owner_side text, owner_role text, due_offset_days integer, due_offset_kind text,
    due_from text, required boolean, visibility text, first_value boolean, segments jsonb)`;
  const segments = sql`case when jsonb_typeof(r.segments) = 'array'
    then array(select jsonb_array_elements_text(r.segments)) end`;
  await sql`
    update playbook_milestones pm set stage_id = ps.id, position = r.position, title = r.title,
      description = r.description, owner_side = r.owner_side, owner_role = r.owner_role,
      due_offset_days = r.due_offset_days, due_offset_kind = r.due_offset_kind, due_from = r.due_from,
      required = r.required, visibility = r.visibility, first_value = r.first_value, segments = ${segments}
    from ${milestoneRows} join playbook_stages ps on ps.playbook_id = ${playbookId} and ps.key = r.stage_key
    where pm.key = r.key and pm.id in ${playbookMilestones}`.execute(trx);
  await sql`
    insert into playbook_milestones (stage_id, position, key, title, description, owner_side, owner_role,
      due_offset_days, due_offset_kind, due_from, required, visibility, first_value, segments)
    select ps.id, r.position, r.key, r.title, r.description, r.owner_side, r.owner_role, r.due_offset_days,
      r.due_offset_kind, r.due_from, r.required, r.visibility, r.first_value, ${segments}
    from ${milestoneRows} join playbook_stages ps on ps.playbook_id = ${playbookId} and ps.key = r.stage_key
    where not exists (select 1 from playbook_milestones pm where pm.key = r.key and pm.id in ${playbookMilestones})`.execute(
    trx,
  );
  await sql`delete from playbook_stages where playbook_id = ${playbookId} and not (key = any(${stageKeys}::text[]))`.execute(
    trx,
  );

  await sql`delete from playbook_resources where milestone_id in ${playbookMilestones}`.execute(trx);
  await sql`
    insert into playbook_resources (milestone_id, position, title, url, kind, minutes)
    select pm.id, r.position, r.title, r.url, r.kind, r.minutes
    from jsonb_to_recordset(${resources}::jsonb) as r(milestone_key text, position integer, title text, url text,
      kind text, minutes integer)
    join playbook_milestones pm on pm.key = r.milestone_key and pm.id in ${playbookMilestones}`.execute(trx);
}
