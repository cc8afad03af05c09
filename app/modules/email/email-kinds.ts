// The email kinds and outbox statuses, for code above the email module (pages,
// components) that may not read db/schema.ts, where the one list lives.
export { EMAIL_KINDS, type EmailKind, type EmailStatus, OUTBOX_STATUSES } from "#db/schema";
