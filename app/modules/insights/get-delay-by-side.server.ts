// Delay by side (issue 13): the days steps were overdue while the customer owned them and while
// the vendor did, by vendor function, per account and in total. Owners over time come from the
// owner_changed events; open and closed spells from completed/reopened/not-applicable events.
import { type RawBuilder, sql } from "kysely";
import type { OwnerSide } from "#db/schema";
import type { Actor } from "~/modules/accounts/access.server";
import { VENDOR_ROLES } from "~/modules/playbooks/playbook-document";
import type { DB } from "~/utils/db.server";
import type { InsightsFilter } from "./insights-filter";
import { keptScope, runInsightsQuery } from "./insights-scope.server";

export interface DelaySplit {
  customerDays: number;
  vendorDays: number;
  /** Vendor days by the owner's team function ("unassigned" when the owner has none). */
  vendorByFunction: Record<string, number>;
}

export interface AccountDelay extends DelaySplit {
  accountId: string;
  accountName: string;
}

export interface DelayBySide {
  accounts: AccountDelay[];
  total: DelaySplit;
}

const vendorRoles = () => sql.join(VENDOR_ROLES.map((r) => sql.lit(r)));

/**
 * The per-journey rows of this figure, as CTEs over `live` (scopedJourneys' columns) ending in
 * `delay_rows`: a journey's overdue days by side and vendor function. Read from the steps for the
 * journeys not kept fresh, and written by the refresh (ADR 044).
 */
export function delayRows(): RawBuilder<unknown> {
  return sql`
    -- Only steps that were ever late can add days: required, applicable now, in a stage reached, and
    -- past their date when they closed (or at the clock, when still open). Reopened steps close at their last completion.
    late as (
      select m.id, sc.journey_id, sc.tz, sc.clock_day, m.status, m.due_on, m.owner_user_id,
        m.owner_role, (m.completed_at at time zone sc.tz)::date as done_day,
        -- Late from the day after its date, but never before its stage was reached.
        daterange(greatest(m.due_on + 1, (s.entered_at at time zone sc.tz)::date), null) as late_days
      from live sc
      join journey_milestones m on m.journey_id = sc.journey_id
      join journey_stages s on s.id = m.stage_id and s.entered_at is not null
      where m.required and m.status <> 'not_applicable'
        and m.due_on < case when m.status = 'done' then (m.completed_at at time zone sc.tz)::date else sc.clock_day end
    ),
    -- Most late steps were never reopened, brought back or handed over: their late days are one
    -- span, from lateness to closing (or the clock), all with the playbook's owner. Only the others
    -- need their events (found through a partial index, migration 018).
    eventful as (
      select l.* from late l
      where l.id in (select e.milestone_id from milestone_events e
                     where e.kind in ('reopened', 'applicable_again', 'owner_changed'))
    ),
    flips as (
      select e.milestone_id, e.kind in ('completed', 'not_applicable') as closing,
        (e.at at time zone l.tz)::date as day,
        lag(e.kind in ('completed', 'not_applicable')) over w as prev_closing,
        lag((e.at at time zone l.tz)::date) over w as prev_day,
        row_number() over (partition by e.milestone_id order by e.at desc, e.id desc) as from_last
      from eventful l
      join milestone_events e on e.milestone_id = l.id
        and e.kind in ('completed', 'reopened', 'not_applicable', 'applicable_again')
      window w as (partition by e.milestone_id order by e.at, e.id)
    ),
    -- Spells the step was open, as (from, to] in days: each closing ends the spell the opening before
    -- it began (or the step's very start); a step open now is open up to the clock.
    open_spells as (
      select milestone_id, daterange(case when prev_closing = false then prev_day end, day, '(]') as r
      from flips where closing and prev_closing is distinct from true
      union all
      select l.id, daterange(f.day, greatest(f.day, l.clock_day), '(]')
      from eventful l left join flips f on f.milestone_id = l.id and f.from_last = 1 and not f.closing
      where l.status = 'open'
      union all
      select l.id, daterange(null, l.done_day, '(]')
      from eventful l
      where l.status = 'done' and not exists (select 1 from flips f where f.milestone_id = l.id)
    ),
    changes as (
      select e.milestone_id, (e.at at time zone l.tz)::date as day, (e.data->>'from')::uuid as from_user,
        row_number() over w as nth,
        lag((e.at at time zone l.tz)::date) over w as prev_day,
        count(*) over (partition by e.milestone_id) as how_many
      from eventful l
      join milestone_events e on e.milestone_id = l.id and e.kind = 'owner_changed'
      window w as (partition by e.milestone_id order by e.at, e.id)
    ),
    -- Who owned the step when, as (from, to] in days. The first owner is the playbook's role (its
    -- side and function); every later one is a person, whose role and team function decide.
    owner_spells as (
      select c.milestone_id, daterange(c.prev_day, c.day, '(]') as r, c.nth = 1 as first_owner, c.from_user as user_id
      from changes c
      union all
      select l.id, daterange(c.day, null, '(]'), c.day is null, l.owner_user_id
      from eventful l left join changes c on c.milestone_id = l.id and c.nth = c.how_many
    ),
    overdue as (
      select l.journey_id,
        case when o.first_owner then (case when l.owner_role in (${vendorRoles()}) then 'vendor' else 'customer' end)
             when u.role = 'customer' then 'customer' else 'vendor' end as side,
        case when o.first_owner then l.owner_role else coalesce(u.team_function, 'unassigned') end as fn,
        upper(s.r * o.r * l.late_days) - lower(s.r * o.r * l.late_days) as days
      from eventful l
      join open_spells s on s.milestone_id = l.id
      join owner_spells o on o.milestone_id = l.id
      left join users u on u.id = o.user_id and not o.first_owner
      where not isempty(s.r * o.r * l.late_days)
    
      union all
      select l.journey_id,
        case when l.owner_role in (${vendorRoles()}) then 'vendor' else 'customer' end, l.owner_role,
        coalesce(l.done_day, l.clock_day) + 1 - lower(l.late_days)
      from late l
      where l.id not in (select id from eventful) and coalesce(l.done_day, l.clock_day) >= lower(l.late_days)
    ),
    delay_rows as (
      select journey_id, side, case when side = 'vendor' then fn end as fn, sum(days)::int as days
      from overdue
      group by journey_id, side, case when side = 'vendor' then fn end
    )`;
}

/** Docs: docs/metrics.md § Delay by side. Accounts with no overdue day are left out of `accounts`. */
export async function getDelayBySide(db: DB, actor: Actor, filter: InsightsFilter, now: Date): Promise<DelayBySide> {
  const rows = await runInsightsQuery(
    db,
    sql<{
      account_id: string;
      account_name: string;
      side: OwnerSide;
      fn: string | null;
      days: number;
    }>`
    with ${keptScope(actor, filter, now)},
    ${delayRows()},
    -- The journeys computed now and the ones kept fresh (ADR 044), in one set of rows.
    all_rows as (
      select journey_id, side, fn, days from delay_rows
      union all
      select r.journey_id, r.side, r.fn, r.days from fresh f join insight_delay_rows r on r.journey_id = f.journey_id
    )
    select sc.account_id, sc.account_name, r.side, r.fn, sum(r.days)::int as days
    from all_rows r join scoped sc on sc.journey_id = r.journey_id
    group by sc.account_id, sc.account_name, r.side, r.fn
    order by sc.account_name, sc.account_id`,
  );

  const byAccount = new Map<string, AccountDelay>();
  const total: DelaySplit = { customerDays: 0, vendorDays: 0, vendorByFunction: {} };
  for (const r of rows) {
    let a = byAccount.get(r.account_id);
    if (!a) {
      a = {
        accountId: r.account_id,
        accountName: r.account_name,
        customerDays: 0,
        vendorDays: 0,
        vendorByFunction: {},
      };
      byAccount.set(r.account_id, a);
    }
    for (const split of [a, total]) {
      if (r.side === "customer") split.customerDays += r.days;
      else {
        split.vendorDays += r.days;
        const fn = r.fn ?? "unassigned";
        split.vendorByFunction[fn] = (split.vendorByFunction[fn] ?? 0) + r.days;
      }
    }
  }
  return { accounts: [...byAccount.values()], total };
}
