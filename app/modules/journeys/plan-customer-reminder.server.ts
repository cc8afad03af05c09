// Whether the CSM may remind the customer about one step now, and when the reminder would go
// out: the rules of issue 12 §5 over the nudges' contact policy (ADR 038). Reads only.
import { sql } from "kysely";
import { type Actor, accountScope, assertMayChange, isUuid } from "~/modules/accounts/access.server";
import { nextReminderSlot } from "~/modules/email/next-reminder-slot.server";
import { SAME_MILESTONE_EVERY_DAYS } from "~/modules/email/run-nudge-sweep.server";
import { addDays, dueState, formatDate, formatDateTime } from "~/utils/dates";
import type { DB } from "~/utils/db.server";
import type { NudgeRules } from "~/utils/env.server";
import { NotFoundError } from "~/utils/errors.server";

/** The customer a reminder goes to. */
export interface ReminderRecipient {
  id: string;
  name: string;
  email: string;
  timezone: string;
}

/** The step as a reminder's email describes it. */
export interface ReminderStep {
  id: string;
  journeyId: string;
  title: string;
  stageName: string;
  dueOn: string;
  accountId: string;
  accountName: string;
  accountTimezone: string;
  csmId: string | null;
}

export type ReminderPlan =
  /** "ready": pressing queues it for `sendAt`; "queued": one is already waiting to go at `sendAt`. */
  | { ok: true; status: "ready" | "queued"; to: ReminderRecipient; sendAt: string; step: ReminderStep }
  | { ok: false; reason: string };

const refuse = (reason: string): ReminderPlan => ({ ok: false, reason });

/** The step, its owner and the last reminder about it to them, within the actor's accounts. */
function readFacts(db: DB, actor: Actor, milestoneId: string, now: Date) {
  return db
    .selectFrom("journey_milestones as m")
    .innerJoin("journeys as j", "j.id", "m.journey_id")
    .innerJoin("journey_stages as s", "s.id", "m.stage_id")
    .innerJoin("accounts", "accounts.id", "j.account_id")
    .leftJoin("users as u", "u.id", "m.owner_user_id")
    .select([
      "m.id",
      "m.journey_id",
      "m.title",
      "m.status",
      "m.owner_side",
      "m.required",
      "m.due_on",
      "s.name as stage_name",
      sql<boolean>`s.position <= j.current_stage_position and j.completed_at is null`.as("reached"),
      "accounts.id as account_id",
      "accounts.name as account_name",
      "accounts.timezone as account_timezone",
      "accounts.csm_id",
      "accounts.status as account_status",
      sql<boolean>`accounts.archived_at is not null`.as("archived"),
      sql<string>`to_char((${now}::timestamptz at time zone accounts.timezone)::date, 'YYYY-MM-DD')`.as("today"),
      "u.id as owner_id",
      "u.name as owner_name",
      "u.email as owner_email",
      "u.timezone as owner_timezone",
      "u.role as owner_role",
      "u.account_id as owner_account_id",
      sql<boolean>`u.deactivated_at is not null`.as("owner_deactivated"),
      "u.nudges_enabled as owner_nudges_enabled",
      sql<boolean>`exists (select 1 from email_suppressions x where x.email = lower(u.email))`.as("owner_suppressed"),
      // The latest reminder about this step to its owner, by the sweep or by hand, and whether it has gone.
      sql<Date | null>`(select max(n.nudged_at) from nudged_milestones n
        where n.milestone_id = m.id and n.user_id = u.id)`.as("last_nudged_at"),
      sql<boolean>`exists (select 1 from nudged_milestones n join email_outbox o on o.id = n.outbox_id
        where n.milestone_id = m.id and n.user_id = u.id
          and o.status in ('queued', 'sending', 'retrying') and n.nudged_at > ${now}::timestamptz
            - make_interval(days => ${SAME_MILESTONE_EVERY_DAYS}::int))`.as("waiting"),
    ])
    .where("m.id", "=", milestoneId)
    .where(accountScope(actor))
    .executeTakeFirst();
}

export async function planCustomerReminder(
  db: DB,
  actor: Actor,
  milestoneId: string,
  now: Date,
  rules: NudgeRules,
): Promise<ReminderPlan> {
  if (!isUuid(milestoneId)) throw new NotFoundError("No such milestone");
  const f = await readFacts(db, actor, milestoneId, now);
  if (!f) throw new NotFoundError("No such milestone");
  assertMayChange(actor);

  if (f.status !== "open") return refuse("This step is closed, so there is nothing to remind anyone about.");
  if (f.owner_side !== "customer") return refuse("Our team owns this step: only a customer's step is reminded.");
  if (!f.reached) return refuse("The journey has not reached this step's stage, so it is not overdue.");
  if (!f.required) return refuse("This step is optional: it is never overdue, so it is not reminded by hand.");
  // A step counted from its stage's entry has its date once the stage starts (ADR 036).
  if (f.due_on === null) return refuse("This step has no due date yet, so it is not overdue.");
  if (dueState(f.due_on, f.today, { done: false, required: true }) !== "overdue") {
    return refuse(`This step is not overdue: it is due on ${formatDate(f.due_on)}.`);
  }
  if (f.archived || f.account_status !== "active") {
    return refuse(`The account is ${f.archived ? "archived" : f.account_status}: it gets no reminders.`);
  }
  if (!f.owner_id || f.owner_role !== "customer" || f.owner_account_id !== f.account_id) {
    return refuse("Nobody on the customer's side owns this step yet: choose its owner first.");
  }
  const to: ReminderRecipient = {
    id: f.owner_id,
    name: f.owner_name ?? "",
    email: f.owner_email ?? "",
    timezone: f.owner_timezone ?? "UTC",
  };
  if (f.owner_deactivated) return refuse(`${to.name}'s access was removed: they get no emails.`);
  if (!f.owner_nudges_enabled) return refuse(`${to.name} turned off reminders: we send them none.`);
  if (f.owner_suppressed) return refuse(`Emails to ${to.name} bounced or were marked as spam: we send them none.`);

  const step: ReminderStep = {
    id: f.id,
    journeyId: f.journey_id,
    title: f.title,
    stageName: f.stage_name,
    dueOn: f.due_on,
    accountId: f.account_id,
    accountName: f.account_name,
    accountTimezone: f.account_timezone,
    csmId: f.csm_id,
  };
  const last = f.last_nudged_at ? new Date(f.last_nudged_at) : null;
  if (last && now.getTime() - last.getTime() < SAME_MILESTONE_EVERY_DAYS * 86_400_000) {
    // Pressing again while one waits to go answers with that one, and queues nothing.
    if (f.waiting) return { ok: true, status: "queued", to, sendAt: last.toISOString(), step };
    const next = new Date(last.getTime() + SAME_MILESTONE_EVERY_DAYS * 86_400_000);
    return refuse(
      `${to.name} was reminded about this step on ${formatDateTime(last, to.timezone)}, their time. ` +
        `We remind about the same step at most once every ${SAME_MILESTONE_EVERY_DAYS} days: ` +
        `the next reminder can go from ${formatDateTime(next, to.timezone)}.`,
    );
  }
  const slot = await nextReminderSlot(db, to.id, now, rules);
  if (!slot) {
    const until = addDays(f.today, 14);
    return refuse(`${to.name} has no working hours free for a reminder before ${formatDate(until)}.`);
  }
  return { ok: true, status: "ready", to, sendAt: slot.sendAt.toISOString(), step };
}
