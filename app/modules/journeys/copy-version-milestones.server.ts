// How a published version's milestone becomes a journey's milestone, in ONE place (ADR 036):
// who gets it (segments), who owns it, when it is due (journey start or stage entry), and what
// it keeps (visibility, first value, its offset). Journey starts, imports and upgrades use it.
import { type RawBuilder, sql, type Transaction } from "kysely";
import type { Database } from "#db/schema";

/** `start` plus a milestone's offset in calendar or business days (add_business_days, migration 007). */
export function dueDateSql(start: RawBuilder<unknown>, days: RawBuilder<unknown>, kind: RawBuilder<unknown>) {
  return sql<string>`case ${kind} when 'business' then add_business_days(${start}, ${days}) else ${start} + ${days} end`;
}

/**
 * A version milestone's due date on a journey: from the journey's start, or from the day (in the
 * account's timezone) its stage was entered; null while a stage-entry step's stage is not entered.
 */
export function copiedDueOnSql(
  pm: string,
  startedOn: RawBuilder<unknown>,
  stageEnteredOn: RawBuilder<unknown>,
): RawBuilder<string | null> {
  const ref = (c: string) => sql.ref(`${pm}.${c}`);
  return sql<string | null>`case when ${ref("due_from")} = 'stage_entry'
      then ${dueDateSql(stageEnteredOn, ref("due_offset_days"), ref("due_offset_kind"))}
      else ${dueDateSql(startedOn, ref("due_offset_days"), ref("due_offset_kind"))} end`;
}

/** A milestone with segments is copied only for accounts whose segment is one of them (exact match). */
export function segmentAllowsSql(pm: string, accountSegment: RawBuilder<unknown>): RawBuilder<boolean> {
  const segments = sql.ref(`${pm}.segments`);
  return sql<boolean>`(${segments} is null or ${accountSegment} = any(${segments}))`;
}

/** Staff who take another function's work: the earliest active admin or CSM with that function. */
export function functionOwnerSql(role: RawBuilder<unknown>): RawBuilder<string | null> {
  return sql<string | null>`(select u.id from users u
    where u.team_function = ${role} and u.role in ('admin', 'csm') and u.deactivated_at is null
    order by u.created_at, u.id limit 1)`;
}

export interface CopiedMilestone {
  id: string;
  journeyId: string;
  key: string;
  stageId: string;
}

/**
 * Copies into each journey the milestones of `versionId` it does not hold yet (matched by key),
 * for its account's segment, into its stage with the same key, after the stage's milestones.
 * A fresh journey gets the whole version; an upgrade gets what the version added. Customer-side
 * steps start with `primaryContactId`, else the account's first active contact.
 */
export async function copyVersionMilestones(
  trx: Transaction<Database>,
  input: { versionId: string; journeyIds: string[]; primaryContactId?: string | null; onlyKeys?: string[] },
): Promise<CopiedMilestone[]> {
  if (input.journeyIds.length === 0) return [];
  // As in the import's start: the view's guessed row counts would make JIT compile for seconds.
  await sql`set local jit = off`.execute(trx);
  const { rows } = await sql<{ id: string; journey_id: string; playbook_key: string; stage_id: string }>`
    with targets as (
      select j.id as journey_id, j.started_on, a.segment, a.timezone, a.csm_id,
        coalesce(${input.primaryContactId ?? null}::uuid, (select u.id from users u
          where u.account_id = a.id and u.deactivated_at is null order by u.created_at, u.id limit 1)) as contact_id
      from journeys j join accounts a on a.id = j.account_id
      where j.id = any(${input.journeyIds}::uuid[])
    ), inserted as (
      insert into journey_milestones (journey_id, stage_id, position, playbook_key, title, description,
        owner_side, owner_role, owner_user_id, required, due_on, due_from, due_offset_days, due_offset_kind,
        visibility, first_value)
      select t.journey_id, js.id,
        pm.position + coalesce((select max(x.position) from journey_milestones x where x.stage_id = js.id), 0),
        pm.key, pm.title, pm.description, pm.owner_side, pm.owner_role,
        case
          when pm.owner_side = 'customer' then t.contact_id
          when pm.owner_role = 'csm' then t.csm_id
          else ${functionOwnerSql(sql`pm.owner_role`)}
        end,
        pm.required,
        ${copiedDueOnSql("pm", sql`t.started_on`, sql`(js.entered_at at time zone t.timezone)::date`)},
        pm.due_from, pm.due_offset_days, pm.due_offset_kind, pm.visibility, pm.first_value
      from targets t
      join playbook_version_milestones pm on pm.version_id = ${input.versionId}
      join journey_stages js on js.journey_id = t.journey_id and js.playbook_key = pm.stage_key
      where ${segmentAllowsSql("pm", sql`t.segment`)}
        ${input.onlyKeys ? sql`and pm.key = any(${input.onlyKeys}::text[])` : sql``}
        and not exists (select 1 from journey_milestones x where x.journey_id = t.journey_id and x.playbook_key = pm.key)
      returning id, journey_id, playbook_key, stage_id
    ), resources as (
      insert into journey_resources (milestone_id, position, title, url, kind, minutes)
      select i.id, pr.position, pr.item->>'title', pr.item->>'url', pr.item->>'kind', (pr.item->>'minutes')::integer
      from inserted i
      join playbook_version_milestones pm on pm.version_id = ${input.versionId} and pm.key = i.playbook_key
      cross join lateral jsonb_array_elements(pm.resources) with ordinality as pr(item, position)
    )
    select * from inserted`.execute(trx);
  return rows.map((r) => ({ id: r.id, journeyId: r.journey_id, key: r.playbook_key, stageId: r.stage_id }));
}

/** On entering a stage: its steps due from the stage's entry get their date, counted from `now` in the account's timezone. */
export async function setStageEntryDueDates(trx: Transaction<Database>, stageId: string, now: Date): Promise<void> {
  await sql`
    update journey_milestones m
    set due_on = ${dueDateSql(sql`(${now}::timestamptz at time zone a.timezone)::date`, sql`m.due_offset_days`, sql`m.due_offset_kind`)}
    from journeys j join accounts a on a.id = j.account_id
    where m.stage_id = ${stageId} and j.id = m.journey_id
      and m.due_from = 'stage_entry' and m.due_on is null and m.due_offset_days is not null`.execute(trx);
}
