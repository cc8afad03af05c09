// When a journey enters a stage: one email to each customer contact and one to
// the CSM, written in the transaction that moved the journey. The customer's
// email carries the stage's words from the journey's playbook version as they
// are now, so a later edit of the playbook leaves it as queued (ADR 037).
import { sql, type Transaction } from "kysely";
import type { Database } from "#db/schema";
import type { StagePayload } from "./email-payloads";
import { type NewOutboxEmail, type QueueMode, queueEmails } from "./queue-emails.server";

/** A stage a journey entered, as the journeys module reports it. */
export interface EnteredStage {
  journeyId: string;
  stageId: string;
  fromStageId: string | null;
}

type Trx = Transaction<Database>;

const RESOURCES_TO_START_WITH = 4;

/**
 * The account, the stage and where it came from, with the days the previous
 * stage took. Nothing for a journey's first stage: only moves are told; and
 * nothing for an account that is paused, churned, completed or archived, which
 * gets no emails (the journey still moves, quietly).
 */
async function readStageHead(trx: Trx, stage: EnteredStage, now: Date) {
  const head = await sql<{
    account_id: string;
    account_name: string;
    csm_id: string | null;
    stage_name: string;
    stage_description: string;
    stage_number: number;
    total: number;
    from_name: string;
    days_in_last_stage: number;
    copy: { subject: string; intro: string } | null;
  }>`
    select a.id as account_id, a.name as account_name, a.csm_id,
      s.name as stage_name, s.description as stage_description,
      (select count(*) from journey_stages x where x.journey_id = j.id and x.position <= s.position)::int as stage_number,
      (select count(*) from journey_stages x where x.journey_id = j.id)::int as total,
      f.name as from_name,
      (${now}::timestamptz at time zone a.timezone)::date
        - coalesce((f.entered_at at time zone a.timezone)::date, j.started_on) as days_in_last_stage,
      -- The stage's words in the version the journey runs, found by the stage's stable key.
      (select st.item->'email' from playbook_versions v
        cross join lateral jsonb_array_elements(v.document->'stages') as st(item)
        where v.id = j.playbook_version_id and st.item->>'key' = s.playbook_key
        limit 1) as copy
    from journey_stages s
    join journeys j on j.id = s.journey_id
    join accounts a on a.id = j.account_id
    join journey_stages f on f.id = ${stage.fromStageId}::uuid
    where s.id = ${stage.stageId} and a.status = 'active' and a.archived_at is null`.execute(trx);
  return head.rows[0];
}

/** `customer`: leaves out internal steps, which only staff see (ADR 036). */
async function readStageMilestones(
  trx: Trx,
  stageId: string,
  forCustomer: boolean,
): Promise<StagePayload["milestones"]> {
  const rows = await trx
    .selectFrom("journey_milestones as m")
    .leftJoin("users as o", "o.id", "m.owner_user_id")
    .select([
      "m.title",
      "m.owner_side",
      "m.owner_role",
      "m.owner_user_id",
      "o.name as owner_name",
      "m.due_on",
      "m.required",
      "m.status",
    ])
    .where("m.stage_id", "=", stageId)
    // A step marked not applicable is no work for anyone: the stage email leaves it out.
    .where("m.status", "<>", "not_applicable")
    .$if(forCustomer, (q) => q.where("m.visibility", "=", "customer"))
    .orderBy("m.position")
    .execute();
  return rows.map((m) => ({
    title: m.title,
    ownerSide: m.owner_side,
    ownerRole: m.owner_role,
    ownerUserId: m.owner_user_id,
    ownerName: m.owner_name,
    // The stage was just entered, so its stage-entry steps have their dates (advanceJourney).
    dueOn: m.due_on ?? "",
    required: m.required,
    done: m.status === "done",
  }));
}

/** The first few resources of the stage, in journey order. */
function readStageResources(trx: Trx, stageId: string, forCustomer: boolean): Promise<StagePayload["resources"]> {
  return trx
    .selectFrom("journey_resources as r")
    .innerJoin("journey_milestones as m", "m.id", "r.milestone_id")
    .select(["r.title", "r.url", "r.kind", "r.minutes"])
    .where("m.stage_id", "=", stageId)
    .$if(forCustomer, (q) => q.where("m.visibility", "=", "customer"))
    .orderBy("m.position")
    .orderBy("r.position")
    .limit(RESOURCES_TO_START_WITH)
    .execute();
}

/**
 * Contacts of the account and its CSM who still want lifecycle emails and
 * whose address has not bounced or complained.
 */
async function readRecipients(trx: Trx, accountId: string, csmId: string | null) {
  const recipients = await sql<{ id: string; email: string; role: string }>`
    select u.id, u.email, u.role from users u
    where (u.account_id = ${accountId} and u.role = 'customer' or u.id = ${csmId}::uuid)
      and u.deactivated_at is null and u.lifecycle_emails_enabled
      and not exists (select 1 from email_suppressions x where x.email = lower(u.email))
    order by u.role, u.email`.execute(trx);
  return recipients.rows;
}

export async function queueStageEmails(
  trx: Trx,
  entered: EnteredStage[],
  now: Date,
  mode: QueueMode = "deliver",
): Promise<string[]> {
  // Passing through several stages at once is one move for the people told:
  // they hear about where the journey is now.
  const stage = entered[entered.length - 1];
  if (!stage) return [];
  const h = await readStageHead(trx, stage, now);
  if (!h) return [];

  const payload: StagePayload = {
    journeyId: stage.journeyId,
    accountId: h.account_id,
    accountName: h.account_name,
    stage: { name: h.stage_name, description: h.stage_description, number: h.stage_number, total: h.total },
    copy: h.copy ? { subject: h.copy.subject, intro: h.copy.intro } : null,
    fromStage: h.from_name,
    ...(stage.fromStageId ? { fromStageId: stage.fromStageId } : {}),
    daysInLastStage: h.days_in_last_stage,
    milestones: await readStageMilestones(trx, stage.stageId, false),
    resources: await readStageResources(trx, stage.stageId, false),
  };
  // The customer's copy leaves out internal steps and their guides.
  const customerPayload: StagePayload = {
    ...payload,
    milestones: await readStageMilestones(trx, stage.stageId, true),
    resources: await readStageResources(trx, stage.stageId, true),
  };
  const emails = (await readRecipients(trx, h.account_id, h.csm_id)).map(
    (r): NewOutboxEmail => ({
      dedupeKey: `stage:${stage.journeyId}:${stage.stageId}:${r.id}`,
      kind: r.role === "customer" ? "stage_entered_customer" : "stage_entered_csm",
      recipientUserId: r.id,
      toEmail: r.email,
      accountId: h.account_id,
      payload: r.role === "customer" ? customerPayload : payload,
    }),
  );
  return queueEmails(trx, emails, now, mode);
}
