// The hourly nudge sweep: one set-based statement per kind (owner digests,
// CSM escalations) that picks what is due and queues at most one email per person a day.
import { sql, type Transaction } from "kysely";
import type { Database, EmailKind } from "#db/schema";
import type { DB } from "~/utils/db.server";
import type { NudgeRules } from "~/utils/env.server";
import { insertIntoOutbox, sendJobFor } from "./queue-emails.server";

type NudgeKind = Extract<EmailKind, "nudge_digest" | "escalation">;

export interface QueuedNudge {
  kind: NudgeKind;
  outboxId: string;
  toEmail: string;
  items: number;
}

export const DUE_WITHIN_DAYS = 2;
export const SAME_MILESTONE_EVERY_DAYS = 3;
export const QUIET_AFTER_VISIT_HOURS = 24;

/**
 * Materialized by its callers: computed first, through the partial index on
 * open milestones, before anything is joined to people. Otherwise the planner,
 * blind to how many people are in working hours, joins every user to every
 * account and the sweep grows with the square of the accounts (ADR 009).
 *
 * Open milestones in stages the journey has reached, due within two days or
 * overdue, in active accounts (not paused, churned, completed or archived). Days are counted in the account's calendar, the
 * one its due dates are set in. The coarse `due_on` bound lets the partial
 * index on open milestones do the work: today + 2 anywhere on Earth is at most
 * the UTC date + 3.
 *
 * An optional step is never overdue (ADR 021, the one rule `dueState` and the
 * portfolio follow): it is reminded while due soon, up to its day, and dropped
 * once its date has passed, so it is never called overdue, never ends the
 * quiet after a visit and never escalates.
 */
function candidates(now: Date) {
  return sql`
    select m.id as milestone_id, m.title, m.due_on, m.owner_side, m.owner_user_id, m.visibility,
      s.name as stage_name, a.id as account_id, a.name as account_name, a.csm_id,
      (${now}::timestamptz at time zone a.timezone)::date - m.due_on as days_overdue
    from journey_milestones m
    join journeys j on j.id = m.journey_id
    join journey_stages s on s.id = m.stage_id
    join accounts a on a.id = j.account_id
    where m.status = 'open'
      and m.due_on <= (${now}::timestamptz at time zone 'UTC')::date + ${DUE_WITHIN_DAYS + 1}::int
      and j.completed_at is null
      and s.position <= j.current_stage_position
      and a.status = 'active' and a.archived_at is null
      and (${now}::timestamptz at time zone a.timezone)::date - m.due_on >= ${-DUE_WITHIN_DAYS}::int
      and (m.required or (${now}::timestamptz at time zone a.timezone)::date - m.due_on <= 0)`;
}

/**
 * People who may get a nudge right now: active, opted in, not suppressed, in working hours.
 * The comment-notice sweep holds its digests to the same policy.
 */
export function reachable(now: Date, rules: NudgeRules) {
  return sql`
    u.deactivated_at is null and u.nudges_enabled
    and not exists (select 1 from email_suppressions x where x.email = lower(u.email))
    and extract(isodow from ${now}::timestamptz at time zone u.timezone) between ${rules.firstDay}::int and ${rules.lastDay}::int
    and extract(hour from ${now}::timestamptz at time zone u.timezone) >= ${rules.startHour}::int
    and extract(hour from ${now}::timestamptz at time zone u.timezone) < ${rules.endHour}::int`;
}

function notNudgedRecently(now: Date, milestoneId: string, userId: string) {
  return sql`not exists (select 1 from nudged_milestones n
    where n.milestone_id = ${sql.ref(milestoneId)} and n.user_id = ${sql.ref(userId)}
      and n.nudged_at > ${now}::timestamptz - make_interval(days => ${SAME_MILESTONE_EVERY_DAYS}::int))`;
}

/** Writes the digests into the outbox, records what each one nudged, and queues delivery. */
function queueDigests(now: Date, kind: NudgeKind, from: string, extra: Record<string, unknown>) {
  return sql`
    digests as (
      select user_id, email, today,
        jsonb_build_object('items', jsonb_agg(jsonb_build_object(
          'milestoneId', milestone_id, 'title', title, 'stageName', stage_name, 'dueOn', due_on,
          'daysOverdue', days_overdue, 'accountId', account_id, 'accountName', account_name,
          'ownerName', owner_name, 'csmId', csm_id) order by due_on, account_name, title))
          || ${JSON.stringify(extra)}::jsonb as payload,
        case when count(distinct account_id) = 1 then (array_agg(account_id))[1] end as account_id
      from ${sql.table(from)}
      group by user_id, email, today
    ),
    ins as (${insertIntoOutbox(
      sql`select ${kind} || ':' || user_id || ':' || today as dedupe_key, ${kind} as kind,
        user_id as recipient_user_id, email as to_email, account_id, payload
      from digests`,
      now,
    )}),
    -- What each email nudged, read back from its own payload (no join between
    -- CTEs, whose row estimates the planner cannot know).
    marked as (
      insert into nudged_milestones (outbox_id, user_id, milestone_id, nudged_at)
      select ins.id, ins.recipient_user_id, (item->>'milestoneId')::uuid, ${now}
      from ins cross join lateral jsonb_array_elements(ins.payload->'items') item
    )
    select ins.id as outbox_id, ins.to_email, jsonb_array_length(ins.payload->'items') as items,
      ${sendJobFor(sql`ins.id`)} is not null as queued
    from ins order by ins.to_email`;
}

async function sweepOwners(trx: Transaction<Database>, now: Date, rules: NudgeRules) {
  return sql<{ outbox_id: string; to_email: string; items: number }>`
    with cand as materialized (${candidates(now)}),
    owned as (
      select c.*, u.id as user_id, u.email, null::text as owner_name, u.last_seen_at,
        (${now}::timestamptz at time zone u.timezone)::date as today
      from cand c
      join users u on u.id = coalesce(c.owner_user_id, case when c.owner_side = 'vendor' then c.csm_id end)
      where ${reachable(now, rules)}
        -- A contact is only nudged about their own account's journey, and never about an internal step.
        and (u.role <> 'customer' or (u.account_id = c.account_id and c.visibility = 'customer'))
        -- Long-overdue customer steps go to the CSM's escalation instead.
        and not (c.owner_side = 'customer' and c.days_overdue > ${rules.escalationDays}::int)
    ),
    -- Someone who used the portal in the last day and has nothing overdue is
    -- left alone (a window over their items, not a join).
    judged as (
      select o.*, bool_or(o.days_overdue > 0) over (partition by o.user_id) as has_overdue
      from owned o
    ),
    fresh as (
      select j.* from judged j
      where (j.has_overdue
          or j.last_seen_at is null
          or j.last_seen_at <= ${now}::timestamptz - make_interval(hours => ${QUIET_AFTER_VISIT_HOURS}::int))
        and ${notNudgedRecently(now, "j.milestone_id", "j.user_id")}
    ),
    ${queueDigests(now, "nudge_digest", "fresh", {})}`.execute(trx);
}

async function sweepEscalations(trx: Transaction<Database>, now: Date, rules: NudgeRules) {
  return sql<{ outbox_id: string; to_email: string; items: number }>`
    with cand as materialized (${candidates(now)}),
    fresh as (
      select c.*, u.id as user_id, u.email, o.name as owner_name,
        (${now}::timestamptz at time zone u.timezone)::date as today
      from cand c
      join users u on u.id = c.csm_id
      left join users o on o.id = c.owner_user_id
      where c.owner_side = 'customer' and c.days_overdue > ${rules.escalationDays}::int
        and ${reachable(now, rules)}
        and ${notNudgedRecently(now, "c.milestone_id", "u.id")}
    ),
    ${queueDigests(now, "escalation", "fresh", { thresholdDays: rules.escalationDays })}`.execute(trx);
}

export async function runNudgeSweep(db: DB, now: Date, rules: NudgeRules): Promise<QueuedNudge[]> {
  return db.transaction().execute(async (trx) => {
    const owners = await sweepOwners(trx, now, rules);
    const escalations = await sweepEscalations(trx, now, rules);
    return [
      ...owners.rows.map((r) => ({
        kind: "nudge_digest" as const,
        outboxId: r.outbox_id,
        toEmail: r.to_email,
        items: r.items,
      })),
      ...escalations.rows.map((r) => ({
        kind: "escalation" as const,
        outboxId: r.outbox_id,
        toEmail: r.to_email,
        items: r.items,
      })),
    ];
  });
}
