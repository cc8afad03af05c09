import type { EmailKind, EmailStatus } from "~/modules/email/email-kinds";

export const EMAIL_KIND_LABELS: Record<EmailKind, string> = {
  stage_entered_customer: "Stage entered (customer)",
  stage_entered_csm: "Stage entered (CSM)",
  nudge_digest: "Reminder digest",
  escalation: "Escalation",
  sign_in_link: "Sign-in link",
  invitation: "Invitation",
  pulse_alert: "Low survey answer",
  comment_digest: "Comment digest",
};

const TONE: Record<EmailStatus, string> = {
  queued: "bg-slate-100 text-slate-700",
  sending: "bg-blue-50 text-blue-800",
  retrying: "bg-amber-50 text-amber-800",
  sent: "bg-green-50 text-green-800",
  delivered: "bg-green-100 text-green-900",
  kept: "bg-brand-50 text-brand-800",
  failed: "bg-red-50 text-red-800",
  bounced: "bg-red-50 text-red-800",
  complained: "bg-red-50 text-red-800",
  skipped: "bg-slate-100 text-slate-600",
};

const LABEL: Partial<Record<EmailStatus, string>> = { kept: "kept (not sent)" };

export function EmailStatusBadge({ status }: { status: EmailStatus }) {
  return (
    <span
      className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ${TONE[status]}`}
      data-testid="email-status"
    >
      {LABEL[status] ?? status}
    </span>
  );
}
