// "Remind the customer" (issue 12 §5, ADR 038): queues the nudge digest email about one overdue
// step to the customer who owns it, for the first moment the contact policy allows, marks the
// step reminded for the three-day rule, and records who asked on the account's timeline.

import type { Actor } from "~/modules/accounts/access.server";
import { nudgeDigestKey } from "~/modules/email/next-reminder-slot.server";
import { queueEmails } from "~/modules/email/queue-emails.server";
import { daysBetween, todayIn } from "~/utils/dates";
import type { DB } from "~/utils/db.server";
import type { NudgeRules } from "~/utils/env.server";
import { InputError } from "~/utils/errors.server";
import { lockMilestone } from "./lock-milestone.server";
import { planCustomerReminder, type ReminderRecipient } from "./plan-customer-reminder.server";

export interface QueuedReminder {
  to: ReminderRecipient;
  /** When it goes out (ISO): now, or the start of the recipient's next working hours free for it. */
  sendAt: string;
  /** True when an earlier press had already queued it: nothing new was queued. */
  alreadyQueued: boolean;
}

export async function remindCustomer(
  db: DB,
  actor: Actor,
  milestoneId: string,
  now: Date,
  rules: NudgeRules,
): Promise<QueuedReminder> {
  return db.transaction().execute(async (trx) => {
    // 404 outside the actor's accounts, 403 for a viewer; then presses on one journey queue up,
    // so a second press sees what the first queued.
    await lockMilestone(trx, actor, milestoneId, { customerMayChange: false });
    const plan = await planCustomerReminder(trx, actor, milestoneId, now, rules);
    if (!plan.ok) throw new InputError(plan.reason);
    if (plan.status === "queued") return { to: plan.to, sendAt: plan.sendAt, alreadyQueued: true };

    const { to, step } = plan;
    const sendAt = new Date(plan.sendAt);
    const asker = await trx.selectFrom("users").select("name").where("id", "=", actor.id).executeTakeFirstOrThrow();
    const [outboxId] = await queueEmails(
      trx,
      [
        {
          dedupeKey: nudgeDigestKey(to.id, todayIn(to.timezone, sendAt)),
          kind: "nudge_digest",
          recipientUserId: to.id,
          toEmail: to.email,
          accountId: step.accountId,
          payload: {
            items: [
              {
                milestoneId: step.id,
                title: step.title,
                stageName: step.stageName,
                dueOn: step.dueOn,
                // As of the day it arrives, in the account's calendar.
                daysOverdue: daysBetween(step.dueOn, todayIn(step.accountTimezone, sendAt)),
                accountId: step.accountId,
                accountName: step.accountName,
                ownerName: null,
                csmId: step.csmId,
              },
            ],
            remindedBy: asker.name,
          },
        },
      ],
      now,
      "deliver",
      sendAt > now ? sendAt : null,
    );
    // The sweep took that day's key since the plan was read: press again for the next free moment.
    if (!outboxId) throw new InputError(`A reminder to ${to.name} was queued just now; press again to see when.`);

    // Counted from when it goes out, so the sweep leaves the step alone until three days after.
    await trx
      .insertInto("nudged_milestones")
      .values({ outbox_id: outboxId, user_id: to.id, milestone_id: step.id, nudged_at: sendAt })
      .execute();
    await trx
      .insertInto("milestone_events")
      .values({
        journey_id: step.journeyId,
        milestone_id: step.id,
        kind: "reminded",
        actor_id: actor.id,
        at: now,
        data: JSON.stringify({ toUserId: to.id, toName: to.name, sendAt: plan.sendAt, timezone: to.timezone }),
      })
      .execute();
    return { to, sendAt: plan.sendAt, alreadyQueued: false };
  });
}
