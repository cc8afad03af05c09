// The columns of the accounts-and-contacts CSV, and the template admins download.
// One row per contact; an account's columns repeat on each of its contacts' rows.

export const IMPORT_COLUMNS = [
  "external_id",
  "account_name",
  "domain",
  "timezone",
  "csm_email",
  "segment",
  "start_date",
  "playbook",
  "contact_email",
  "contact_name",
  "contact_job_title",
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

/** Columns a file must have; the others may be left out of the header. */
export const REQUIRED_COLUMNS: ImportColumn[] = ["external_id", "account_name", "start_date", "playbook"];

/** New accounts whose row has no timezone get this (until workspace settings supply a default). */
export const IMPORT_DEFAULT_TIMEZONE = "UTC";

/** A file larger than this is refused before parsing: it keeps one import within one short transaction. */
export const MAX_IMPORT_ROWS = 10_000;

export const IMPORT_TEMPLATE = `${[
  IMPORT_COLUMNS.join(","),
  'CRM-001,"Acme, Inc.",acme.example,Europe/Berlin,csm@your-company.example,Enterprise,2026-12-07,Standard onboarding,ana@acme.example,Ana Silva,Head of IT',
  'CRM-001,"Acme, Inc.",acme.example,Europe/Berlin,csm@your-company.example,Enterprise,2026-12-07,Standard onboarding,ben@acme.example,Ben Okafor,',
  "CRM-002,Globex,globex.example,America/New_York,,Mid-market,2027-01-04,Standard onboarding,,,",
].join("\r\n")}\r\n`;
