// What the outbox stores for each kind of email, as one zod schema per kind:
// parsed when an email is queued and again when it is rendered.
import { z } from "zod";
import type { EmailKind } from "#db/schema";

/** A stage email's facts; rendering turns them into lines for each recipient. */
const stagePayload = z.object({
  journeyId: z.guid(),
  accountId: z.guid(),
  accountName: z.string(),
  stage: z.object({
    name: z.string(),
    description: z.string(),
    number: z.number().int(),
    total: z.number().int(),
  }),
  /**
   * The stage's subject and introduction from the journey's playbook version when it was queued,
   * placeholders unfilled; null for the generic words. Stored here so that editing or publishing
   * a playbook never changes an email already queued (ADR 037). Absent in rows queued before.
   */
  copy: z.object({ subject: z.string(), intro: z.string() }).nullable().optional(),
  /** The stage the journey moved from; a journey's start sends no stage email. */
  fromStage: z.string(),
  /** Its id: the customer's email asks how it went. Absent in rows queued before surveys. */
  fromStageId: z.guid().optional(),
  /** Days the previous stage took. */
  daysInLastStage: z.number().int(),
  milestones: z.array(
    z.object({
      title: z.string(),
      ownerSide: z.enum(["customer", "vendor"]),
      /** The playbook's role for the owner, e.g. "onboarding". */
      ownerRole: z.string(),
      ownerUserId: z.guid().nullable(),
      ownerName: z.string().nullable(),
      dueOn: z.iso.date(),
      required: z.boolean(),
      done: z.boolean(),
    }),
  ),
  resources: z.array(
    z.object({
      title: z.string(),
      url: z.string(),
      kind: z.enum(["guide", "video", "webinar", "course"]),
      minutes: z.number().int(),
    }),
  ),
});

/** One milestone in a reminder digest or an escalation; the nudge sweep builds these in SQL. */
const nudgeItem = z.object({
  milestoneId: z.guid(),
  title: z.string(),
  stageName: z.string(),
  dueOn: z.iso.date(),
  /**
   * > 0 overdue by that many days; 0 due today; < 0 due in that many days.
   * Only a required step is ever > 0: the sweep drops an optional one past its date (ADR 021).
   */
  daysOverdue: z.number().int(),
  accountId: z.guid(),
  accountName: z.string(),
  /** Set in escalations (the customer who owns it); null in digests. */
  ownerName: z.string().nullable(),
  /** The account's CSM when it was queued: only they and admins may open the account page. Absent in older rows. */
  csmId: z.guid().nullable().optional(),
});

/** A one-time token never sits in the outbox in the clear: it is sealed (app/utils/seal.server.ts). */
const sealedToken = z.string().min(1);

const nudgeDigestPayload = z.object({
  items: z.array(nudgeItem).min(1),
  /** Set when a CSM pressed "Remind the customer": who asked (ADR 038). The sweep's digests have none. */
  remindedBy: z.string().optional(),
});

const escalationPayload = z.object({ items: z.array(nudgeItem).min(1), thresholdDays: z.number().int() });

const signInLinkPayload = z.object({
  sealedToken,
  expiresAt: z.iso.datetime(),
  /** What the email says the link lasts; rows queued before it was stored had 15. */
  expiresInMinutes: z.number().int().positive().default(15),
});

const invitationPayload = z.object({
  sealedToken,
  inviterName: z.string(),
  /** The customer account the person joins; null for a staff invitation. */
  accountName: z.string().nullable(),
  /** "customer contact", "customer success manager", "admin". */
  roleLabel: z.string(),
  expiresAt: z.iso.datetime(),
  /** What the email says the invitation lasts; rows queued before it was stored had 7. */
  expiresInDays: z.number().int().positive().default(7),
});

/** A low survey answer, told to the account's CSM. */
const pulseAlertPayload = z.object({
  accountId: z.guid(),
  accountName: z.string(),
  respondentName: z.string(),
  question: z.enum(["stage", "nps"]),
  stageName: z.string(),
  score: z.number().int().min(0).max(10),
  feeling: z.string().nullable(),
  comment: z.string().nullable(),
});

/** One comment in a comment digest; the comment-notice sweep builds these in SQL. */
const commentItem = z.object({
  commentId: z.guid(),
  /** The step commented on; null for a comment on a goal. */
  milestoneId: z.guid().nullable(),
  /** The goal commented on (ADR 038); null or absent for a comment on a step. */
  goalId: z.guid().nullable().optional(),
  /** The step's or the goal's title. */
  milestoneTitle: z.string(),
  accountId: z.guid(),
  accountName: z.string(),
  /** The account's CSM when it was queued: only they and admins may open the account page. */
  csmId: z.guid().nullable(),
  /** Null once the author was deleted. */
  authorName: z.string().nullable(),
  /** The comment, cut to 500 characters. */
  body: z.string(),
  /** When it was written, ISO in UTC. */
  at: z.string(),
  /** Why the recipient is told: they own the step, they are the CSM, they were mentioned. */
  reasons: z.array(z.enum(["owner", "csm", "mention"])).min(1),
});

const commentDigestPayload = z.object({
  items: z.array(commentItem).min(1),
  /** The reader's timezone, for the times the email shows. */
  timezone: z.string().min(1),
});

export type StagePayload = z.output<typeof stagePayload>;
export type NudgePayloadItem = z.output<typeof nudgeItem>;
export type CommentPayloadItem = z.output<typeof commentItem>;

interface PayloadOf {
  stage_entered_customer: StagePayload;
  stage_entered_csm: StagePayload;
  nudge_digest: z.output<typeof nudgeDigestPayload>;
  escalation: z.output<typeof escalationPayload>;
  sign_in_link: z.output<typeof signInLinkPayload>;
  invitation: z.output<typeof invitationPayload>;
  pulse_alert: z.output<typeof pulseAlertPayload>;
  comment_digest: z.output<typeof commentDigestPayload>;
}

export type EmailPayload<K extends EmailKind> = PayloadOf[K];

export const EMAIL_PAYLOADS: { [K in EmailKind]: z.ZodType<PayloadOf[K]> } = {
  stage_entered_customer: stagePayload,
  stage_entered_csm: stagePayload,
  nudge_digest: nudgeDigestPayload,
  escalation: escalationPayload,
  sign_in_link: signInLinkPayload,
  invitation: invitationPayload,
  pulse_alert: pulseAlertPayload,
  comment_digest: commentDigestPayload,
};

/** The payload checked against its kind's schema; throws a ZodError naming what is wrong. */
export function parseEmailPayload<K extends EmailKind>(kind: K, payload: unknown): EmailPayload<K> {
  return EMAIL_PAYLOADS[kind].parse(payload);
}
