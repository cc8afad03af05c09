// Starts many accounts' journeys at once, each a snapshot of its playbook: the
// same copies as createJourney, written for all the journeys in one statement
// each, so that a 5,000-account import costs a handful of queries, not 50,000.
import { sql, type Transaction } from "kysely";
import type { Database } from "#db/schema";

export interface JourneyStart {
  externalId: string;
  playbookId: string;
  startedOn: string;
  /** The contact the customer-side milestones start with; else the account's first contact. */
  primaryEmail: string | null;
}

/**
 * Creates the journeys and enters each one's first stage as advanceJourney
 * would from a fresh journey (and completes one with no required milestone).
 * No stage email is queued: an import sends nothing the admin did not choose.
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
  const { rows: journeys } = await sql<{ id: string }>`
    insert into journeys (account_id, playbook_id, playbook_name, started_on, created_at)
    select a.id, p.id, p.name, r.started_on, ${now}
    from jsonb_to_recordset(${input}::jsonb) as r(external_id text, playbook_id uuid, started_on date)
    join accounts a on a.external_id = r.external_id
    join playbooks p on p.id = r.playbook_id
    returning id`.execute(trx);
  const ids = journeys.map((j) => j.id);

  await sql`
    insert into journey_stages (journey_id, position, name, description)
    select j.id, ps.position, ps.name, ps.description
    from journeys j join playbook_stages ps on ps.playbook_id = j.playbook_id
    where j.id = any(${ids}::uuid[])`.execute(trx);

  // The owner rules of createJourney: customer side → the primary contact; the
  // CSM's milestones → the account's CSM; another function → the earliest
  // active staff member with it (looked up once, not once per milestone).
  await sql`
    with r as (
      select * from jsonb_to_recordset(${input}::jsonb) as r(external_id text, primary_email text)
    ), by_function as (
      select distinct on (team_function) team_function, id from users
      -- As createJourney: only active admins and CSMs hold work (a viewer never does).
      where role in ('admin', 'csm') and deactivated_at is null and team_function is not null
      order by team_function, created_at, id
    )
    insert into journey_milestones (journey_id, stage_id, position, title, description,
      owner_side, owner_role, owner_user_id, required, due_on)
    select j.id, js.id, pm.position, pm.title, pm.description, pm.owner_side, pm.owner_role,
      case
        when pm.owner_side = 'customer' then coalesce(pc.id,
          (select u.id from users u where u.account_id = a.id and u.deactivated_at is null
           order by u.created_at, u.id limit 1))
        when pm.owner_role = 'csm' then a.csm_id
        else bf.id
      end,
      pm.required,
      -- As createJourney: business-day offsets skip weekends (add_business_days, migration 007).
      case pm.due_offset_kind
        when 'business' then add_business_days(j.started_on, pm.due_offset_days)
        else j.started_on + pm.due_offset_days
      end
    from journeys j
    join accounts a on a.id = j.account_id
    join playbook_stages ps on ps.playbook_id = j.playbook_id
    join playbook_milestones pm on pm.stage_id = ps.id
    join journey_stages js on js.journey_id = j.id and js.position = ps.position
    left join r on r.external_id = a.external_id
    left join users pc on lower(pc.email) = r.primary_email and pc.account_id = a.id
    left join by_function bf on bf.team_function = pm.owner_role
    where j.id = any(${ids}::uuid[])`.execute(trx);

  await sql`
    insert into journey_resources (milestone_id, position, title, url, kind, minutes)
    select jm.id, pr.position, pr.title, pr.url, pr.kind, pr.minutes
    from journeys j
    join playbook_stages ps on ps.playbook_id = j.playbook_id
    join playbook_milestones pm on pm.stage_id = ps.id
    join playbook_resources pr on pr.milestone_id = pm.id
    join journey_stages js on js.journey_id = j.id and js.position = ps.position
    -- jm.journey_id lets Postgres use its index instead of scanning every journey's milestones.
    join journey_milestones jm on jm.journey_id = j.id and jm.stage_id = js.id and jm.position = pm.position
    where j.id = any(${ids}::uuid[])`.execute(trx);

  // advanceJourney from current_stage_position 0: enter every stage up to the
  // earliest with an open required milestone (or the last one, and complete).
  await sql`
    with target as (
      select s.journey_id,
        coalesce(min(s.position) filter (where s.open_required), max(s.position)) as pos,
        not bool_or(s.open_required) as complete
      from (
        select st.journey_id, st.position, exists (select 1 from journey_milestones m
          where m.stage_id = st.id and m.required and m.status = 'open') as open_required
        from journey_stages st where st.journey_id = any(${ids}::uuid[])
      ) s
      group by s.journey_id
    ), entered as (
      select s.id, s.journey_id, lag(s.id) over (partition by s.journey_id order by s.position) as from_id
      from journey_stages s join target t on t.journey_id = s.journey_id
      where s.position > 0 and s.position <= t.pos
    ), transitions as (
      insert into stage_transitions (journey_id, stage_id, from_stage_id, entered_at, cause_event_id)
      select journey_id, id, from_id, ${now}, null from entered
    ), stages as (
      update journey_stages set entered_at = ${now} where id in (select id from entered)
    )
    update journeys j
    set current_stage_position = greatest(t.pos, j.current_stage_position),
        completed_at = case when t.complete then ${now}::timestamptz else null end
    from target t where t.journey_id = j.id`.execute(trx);
  return ids.length;
}
