// The outbox's statuses in the order a delivery goes through them; shared by
// the outbox query and the page's filter.
import type { EmailStatus } from "#db/schema";

export const OUTBOX_STATUSES: EmailStatus[] = [
  "queued",
  "sending",
  "retrying",
  "sent",
  "delivered",
  "kept",
  "failed",
  "bounced",
  "complained",
  "skipped",
];
