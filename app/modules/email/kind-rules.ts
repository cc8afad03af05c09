// What each kind of email is subject to: which opt-out covers it, and whether
// its links carry a one-time token (never stored in the clear once sent).
import type { EmailKind } from "#db/schema";

export type EmailCategory = "nudges" | "lifecycle";

const CATEGORY: Record<EmailKind, EmailCategory | null> = {
  nudge_digest: "nudges",
  escalation: "nudges",
  // A low survey answer, to the CSM: under the same opt-out as escalations.
  pulse_alert: "nudges",
  // Comment notices follow the reminders' opt-out and contact policy (ADR 033).
  comment_digest: "nudges",
  stage_entered_customer: "lifecycle",
  stage_entered_csm: "lifecycle",
  // Asked for by the person: no opt-out applies.
  sign_in_link: null,
  invitation: null,
};

const ONE_TIME_TOKEN: Record<EmailKind, boolean> = {
  nudge_digest: false,
  escalation: false,
  pulse_alert: false,
  comment_digest: false,
  stage_entered_customer: false,
  stage_entered_csm: false,
  sign_in_link: true,
  invitation: true,
};

/** Which opt-out an email falls under; null for emails a person asked for (sign-in links, invitations). */
export function emailCategory(kind: EmailKind): EmailCategory | null {
  return CATEGORY[kind];
}

/** Emails whose links carry a one-time token: never stored in the clear once sent. */
export function carriesOneTimeToken(kind: EmailKind): boolean {
  return ONE_TIME_TOKEN[kind];
}
