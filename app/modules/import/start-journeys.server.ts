// Starts many accounts' journeys at once, each a snapshot of its playbook's latest
// published version: the same copies as createJourney, written for a chunk of
// journeys in ONE statement, so that a 5,000-account import costs a handful of
// queries, not 50,000.
import { sql, type Transaction } from "kysely";
import type { Database } from "#db/schema";
import { copiedDueOnSql, segmentAllowsSql } from "~/modules/journeys/copy-version-milestones.server";

export interface JourneyStart {
  externalId: string;
  playbookId: string;
  startedOn: string;
  /** The contact the customer-side milestones start with; else the account's first contact. */
  primaryEmail: string | null;
}

/**
 * Creates the journeys already standing where advanceJourney would put a fresh
 * one (and completes one with no required milestone). No stage email is queued:
 * an import sends nothing the admin did not choose.
 *
 * Why one statement: every row gets its id up front (gen_random_uuid in
 * materialised CTEs), so the stages, milestones, resources and transitions are
 * written from the same in-memory rows instead of joining back to what the
 * previous statement wrote, and a fresh journey's stage entry is written with
 * the rows instead of updating them afterwards. The per-row foreign-key checks
 * remain (ADR 026).
 */
export async function startJourneys(trx: Transaction<Database>, starts: JourneyStart[], now: Date): Promise<number> {
  if (starts.length === 0) return 0;
  const input = JSON.stringify(
    starts.map((s) => ({
      external_id: s.externalId,
      playbook_id: s.playbookId,
      started_on: s.startedOn,
      primary_email: s.primaryEmail,
    })),
  );
  // The planner guesses 100 rows for every jsonb_array_elements, so this statement's estimated
  // cost crosses jit_above_cost and JIT compiling alone took seconds; the real work is small.
  await sql`set local jit = off`.execute(trx);
  const { rows } = await sql<{ journeys: number }>`
    with r as (
      select * from jsonb_to_recordset(${input}::jsonb)
        as r(external_id text, playbook_id uuid, started_on date, primary_email text)
    ), by_function as (
      -- As createJourney: another function's work goes to the earliest active
      -- staff member with it, and only admins and CSMs hold work (a viewer never does).
      select distinct on (team_function) team_function, id from users
      where role in ('admin', 'csm') and deactivated_at is null and team_function is not null
      order by team_function, created_at, id
    ), latest as (
      -- Each journey runs its playbook's latest published version (ADR 030).
      select distinct on (v.playbook_id) v.playbook_id, v.id, v.document->>'name' as name
      from playbook_versions v where v.playbook_id in (select playbook_id from r)
      order by v.playbook_id, v.number desc
    ), j as materialized (
      select gen_random_uuid() as id, a.id as account_id, a.csm_id, a.segment, a.timezone, p.playbook_id, p.id as version_id,
        p.name as playbook_name, r.started_on,
        -- The customer side starts with the file's first contact, else the account's first.
        coalesce(pc.id, (select u.id from users u where u.account_id = a.id and u.deactivated_at is null
          order by u.created_at, u.id limit 1)) as contact_id
      from r
      join accounts a on a.external_id = r.external_id
      join latest p on p.playbook_id = r.playbook_id
      left join users pc on lower(pc.email) = r.primary_email and pc.account_id = a.id
    ), playbook_stage as materialized (
      select ps.version_id, ps.position, ps.key, ps.name, ps.description,
        exists (select 1 from playbook_version_milestones pm
          where pm.version_id = ps.version_id and pm.stage_position = ps.position and pm.required) as has_required
      from playbook_version_stages ps where ps.version_id in (select version_id from j)
    ), version_milestone as materialized (
      select version_id, stage_position, position, key, title, description, owner_side, owner_role,
        due_offset_days, due_offset_kind, required, due_from, visibility, first_value, segments
      from playbook_version_milestones where version_id in (select version_id from j)
    ), version_resource as materialized (
      -- Each resource once per version, joined to the journeys' milestones by position as the tables were.
      select pm.version_id, pm.stage_position, pm.position as milestone_position, pr.position::integer as position,
        pr.item->>'title' as title, pr.item->>'url' as url, pr.item->>'kind' as kind,
        (pr.item->>'minutes')::integer as minutes
      from playbook_version_milestones pm
      cross join lateral jsonb_array_elements(pm.resources) with ordinality as pr(item, position)
      where pm.version_id in (select version_id from j)
    ), target as (
      -- advanceJourney from a fresh journey (every milestone open): it enters each
      -- stage up to the earliest with a required milestone, or the last one and completes.
      select version_id, coalesce(min(position) filter (where has_required), max(position)) as pos,
        not bool_or(has_required) as complete
      from playbook_stage group by version_id
    ), st as materialized (
      select gen_random_uuid() as id, ps.version_id, ps.position, ps.key, ps.name, ps.description,
        ps.position > 0 and ps.position <= t.pos as entered,
        j.id as journey_id, j.csm_id, j.contact_id, j.started_on, j.segment, j.timezone
      from j
      join playbook_stage ps on ps.version_id = j.version_id
      join target t on t.version_id = j.version_id
    ), ms as materialized (
      select gen_random_uuid() as id, st.version_id, st.position as stage_position, st.journey_id, st.id as stage_id,
        pm.position, pm.key, pm.title, pm.description, pm.owner_side, pm.owner_role,
        case
          when pm.owner_side = 'customer' then st.contact_id
          when pm.owner_role = 'csm' then st.csm_id
          else bf.id
        end as owner_user_id,
        pm.required,
        -- The same rules as createJourney and upgrades (copy-version-milestones.server.ts).
        ${copiedDueOnSql("pm", sql`st.started_on`, sql`case when st.entered then (${now}::timestamptz at time zone st.timezone)::date end`)} as due_on,
        pm.due_from, pm.due_offset_days, pm.due_offset_kind, pm.visibility, pm.first_value
      from st
      join version_milestone pm on pm.version_id = st.version_id and pm.stage_position = st.position
      left join by_function bf on bf.team_function = pm.owner_role
      where ${segmentAllowsSql("pm", sql`st.segment`)}
    ), journeys_written as (
      insert into journeys (id, account_id, playbook_id, playbook_version_id, playbook_name, started_on,
        created_at, current_stage_position, completed_at)
      select j.id, j.account_id, j.playbook_id, j.version_id, j.playbook_name, j.started_on, ${now}::timestamptz,
        greatest(coalesce(t.pos, 0), 0), case when t.complete then ${now}::timestamptz end
      from j left join target t on t.version_id = j.version_id
    ), stages_written as (
      insert into journey_stages (id, journey_id, position, playbook_key, name, description, entered_at)
      select id, journey_id, position, key, name, description, case when entered then ${now}::timestamptz end
      from st
    ), milestones_written as (
      insert into journey_milestones (id, journey_id, stage_id, position, playbook_key, title, description,
        owner_side, owner_role, owner_user_id, required, due_on, due_from, due_offset_days, due_offset_kind,
        visibility, first_value)
      select id, journey_id, stage_id, position, key, title, description,
        owner_side, owner_role, owner_user_id, required, due_on, due_from, due_offset_days, due_offset_kind,
        visibility, first_value
      from ms
    ), resources_written as (
      insert into journey_resources (milestone_id, position, title, url, kind, minutes)
      select ms.id, vr.position, vr.title, vr.url, vr.kind, vr.minutes
      from ms join version_resource vr on vr.version_id = ms.version_id
        and vr.stage_position = ms.stage_position and vr.milestone_position = ms.position
    ), transitions_written as (
      insert into stage_transitions (journey_id, stage_id, from_stage_id, entered_at, cause_event_id)
      select journey_id, id, lag(id) over (partition by journey_id order by position), ${now}::timestamptz, null
      from st where entered
    )
    select count(*)::int as journeys from j`.execute(trx);
  return rows[0].journeys;
}
