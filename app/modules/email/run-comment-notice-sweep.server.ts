// The comment-notice sweep: turns the notices new comments (on steps and goals) owe into at most
// one comment digest per person a day, under the reminders' contact policy (ADR 033, 038).
import { sql, type Transaction } from "kysely";
import type { Database } from "#db/schema";
import type { DB } from "~/utils/db.server";
import type { NudgeRules } from "~/utils/env.server";
import { insertIntoOutbox, sendJobFor } from "./queue-emails.server";
import { reachable } from "./run-nudge-sweep.server";

export interface QueuedCommentDigest {
  outboxId: string;
  toEmail: string;
  comments: number;
}

export interface CommentSweepResult {
  queued: QueuedCommentDigest[];
  /** Notices dropped for good: the person opted out, left, bounced, or the account is not active. */
  dropped: number;
}

/** The account a comment is in (`a`), through its step's journey or its goal (`g`). */
const commentAccount = sql`
  left join journeys j on j.id = c.journey_id
  left join account_goals g on g.id = c.goal_id
  join accounts a on a.id = coalesce(j.account_id, g.account_id)`;

/**
 * A notice nobody may ever send is dropped, so that opting back in later does not
 * bring back a pile of old comments: the person was deactivated, turned reminders
 * off, bounced or complained, left the account, or the account is paused, churned,
 * completed or archived (as reminders, which such accounts never get).
 */
async function dropUnsendable(trx: Transaction<Database>, now: Date): Promise<number> {
  const result = await sql`
    update comment_notices n set dropped_at = ${now}, drop_reason = r.reason
    from (
      select p.comment_id, p.user_id,
        case
          when u.deactivated_at is not null then 'The person''s access was removed'
          when not u.nudges_enabled then 'The person turned off reminders'
          when exists (select 1 from email_suppressions x where x.email = lower(u.email))
            then 'The address bounced or complained earlier'
          when u.role = 'customer' and u.account_id is distinct from a.id then 'The person left the account'
          when a.status <> 'active' or a.archived_at is not null then 'The account is not active'
        end as reason
      from comment_notices p
      join users u on u.id = p.user_id
      join milestone_comments c on c.id = p.comment_id
      ${commentAccount}
      where p.outbox_id is null and p.dropped_at is null
    ) r
    where n.comment_id = r.comment_id and n.user_id = r.user_id and r.reason is not null`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * One digest per person in their working hours, keyed on their local day: a second
 * run that day writes nothing, and the notices it did not carry wait for the next day.
 */
async function queueDigests(trx: Transaction<Database>, now: Date, rules: NudgeRules) {
  return sql<{ outbox_id: string; to_email: string; comments: number }>`
    with pending as (
      select n.comment_id, n.user_id, n.reasons, u.email, u.timezone,
        (${now}::timestamptz at time zone u.timezone)::date as today,
        c.body, c.created_at, c.milestone_id, c.goal_id, coalesce(m.title, g.title) as title,
        a.id as account_id, a.name as account_name, a.csm_id, au.name as author_name
      from comment_notices n
      join users u on u.id = n.user_id
      join milestone_comments c on c.id = n.comment_id
      left join journey_milestones m on m.id = c.milestone_id
      ${commentAccount}
      left join users au on au.id = c.author_id
      where n.outbox_id is null and n.dropped_at is null and ${reachable(now, rules)}
    ),
    digests as (
      select user_id, email, today,
        jsonb_build_object(
          'timezone', min(timezone),
          'items', jsonb_agg(jsonb_build_object(
            'commentId', comment_id, 'milestoneId', milestone_id, 'goalId', goal_id, 'milestoneTitle', title,
            'accountId', account_id, 'accountName', account_name, 'csmId', csm_id,
            'authorName', author_name, 'body', left(body, 500),
            'at', to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
            'reasons', to_jsonb(reasons)) order by account_name, account_id, created_at, comment_id)
        ) as payload,
        case when count(distinct account_id) = 1 then (array_agg(account_id))[1] end as account_id
      from pending
      group by user_id, email, today
    ),
    ins as (${insertIntoOutbox(
      sql`select 'comment_digest:' || user_id || ':' || today as dedupe_key, 'comment_digest' as kind,
        user_id as recipient_user_id, email as to_email, account_id, payload
      from digests`,
      now,
    )}),
    -- What each digest carried, read back from its own payload.
    marked as (
      update comment_notices n set outbox_id = ins.id
      from ins cross join lateral jsonb_array_elements(ins.payload->'items') item
      where n.user_id = ins.recipient_user_id and n.comment_id = (item->>'commentId')::uuid
    )
    select ins.id as outbox_id, ins.to_email, jsonb_array_length(ins.payload->'items') as comments,
      ${sendJobFor(sql`ins.id`)} is not null as queued
    from ins order by ins.to_email`.execute(trx);
}

export async function runCommentNoticeSweep(db: DB, now: Date, rules: NudgeRules): Promise<CommentSweepResult> {
  return db.transaction().execute(async (trx) => {
    const dropped = await dropUnsendable(trx, now);
    const { rows } = await queueDigests(trx, now, rules);
    return {
      dropped,
      queued: rows.map((r) => ({ outboxId: r.outbox_id, toEmail: r.to_email, comments: Number(r.comments) })),
    };
  });
}
