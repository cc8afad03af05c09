// Decides, without touching the database, what each row of an import does:
// create, update, skip, or refuse with the error an admin can fix in the file.
import type { ParsedRow } from "./parse-import-csv";

export interface ExistingAccount {
  id: string;
  name: string;
  domain: string | null;
  segment: string | null;
  timezone: string;
  csm_id: string | null;
  has_journey: boolean;
}

export interface ExistingPerson {
  id: string;
  role: string;
  account_id: string | null;
  name: string;
  job_title: string | null;
}

/** What the database already holds, looked up for the file's ids and addresses in a few queries. */
export interface ImportLookups {
  /** Active staff who may be an account's CSM, by lower-case email. */
  csmIdByEmail: Map<string, string>;
  /** Playbooks that may start journeys, by lower-case name. */
  playbookIdByName: Map<string, string>;
  /** Archived playbooks' lower-case names: they start no new journeys (ADR 035). */
  archivedPlaybookNames?: Set<string>;
  accountsByExternalId: Map<string, ExistingAccount>;
  /** Everyone with one of the file's contact addresses, by lower-case email. */
  peopleByEmail: Map<string, ExistingPerson>;
  defaultTimezone: string;
}

export type RowAction = "create" | "update" | "skip";

export interface RowVerdict {
  line: number;
  externalId: string;
  accountName: string;
  contactEmail: string | null;
  action: RowAction | "error";
  error?: string;
}

export interface AccountWrite {
  existingId: string | null;
  externalId: string;
  name: string;
  domain: string | null;
  segment: string | null;
  timezone: string;
  csmId: string | null;
  startedOn: string;
  playbookId: string;
  /** Whether the account needs its journey started (a new account, or one that has none). */
  startJourney: boolean;
  /** The file's first contact for the account: the customer-side milestones start with them. */
  primaryEmail: string | null;
}

export interface ContactWrite {
  existingId: string | null;
  externalId: string;
  email: string;
  name: string;
  jobTitle: string | null;
}

export interface ImportPlan {
  rows: RowVerdict[];
  /** Accounts to create or change; unchanged ones are left out. */
  accounts: AccountWrite[];
  /** Contacts to create or change; unchanged ones are left out. */
  contacts: ContactWrite[];
  counts: Record<RowAction | "error", number>;
}

// Deliberately loose: one @, something on each side, a dot in the domain, no spaces.
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

// Building a DateTimeFormat costs far more than the rest of a row's checks, and a
// file names few zones: each is checked once.
const zoneChecks = new Map<string, boolean>();

export function isTimezone(name: string): boolean {
  let ok = zoneChecks.get(name);
  if (ok === undefined) {
    // V8 also accepts offsets like "+01:00", which Postgres reads the other way round.
    ok = !/^[+-]/.test(name);
    try {
      if (ok) new Intl.DateTimeFormat("en", { timeZone: name });
    } catch {
      ok = false;
    }
    if (zoneChecks.size < 1000) zoneChecks.set(name, ok);
  }
  return ok;
}

function isDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** The fields of the account a row describes, as they would be written. */
type AccountFields = Omit<AccountWrite, "existingId" | "startJourney" | "primaryEmail">;

const FIELD_LABEL: Record<keyof AccountFields, string> = {
  externalId: "external_id",
  name: "account_name",
  domain: "domain",
  segment: "segment",
  timezone: "timezone",
  csmId: "csm_email",
  startedOn: "start_date",
  playbookId: "playbook",
};

export function checkImportRows(parsed: ParsedRow[], lookups: ImportLookups): ImportPlan {
  const rows: RowVerdict[] = [];
  const accounts = new Map<string, { fields: AccountFields; line: number; write: AccountWrite | null }>();
  const contactLines = new Map<string, { line: number; externalId: string }>();
  const accountOnlyLines = new Map<string, number>();
  const contacts: ContactWrite[] = [];
  const counts = { create: 0, update: 0, skip: 0, error: 0 };

  for (const { line, record: r } of parsed) {
    const externalId = r.external_id ?? "";
    const accountName = r.account_name ?? "";
    const email = r.contact_email?.toLowerCase() ?? null;
    const verdict: RowVerdict = { line, externalId, accountName, contactEmail: email, action: "skip" };
    const refuse = (error: string) => {
      verdict.action = "error";
      verdict.error = error;
    };
    rows.push(verdict);

    const csmEmail = r.csm_email?.toLowerCase();
    const timezone = r.timezone ?? lookups.defaultTimezone;
    const playbookId = r.playbook ? lookups.playbookIdByName.get(r.playbook.toLowerCase()) : undefined;
    if (!externalId) refuse("No external_id: give each account the id it has in your CRM.");
    else if (!accountName) refuse("No account_name.");
    else if (!r.start_date) refuse("No start_date: write it as YYYY-MM-DD.");
    else if (!isDate(r.start_date)) refuse(`Bad start date "${r.start_date}": write it as YYYY-MM-DD.`);
    else if (!isTimezone(timezone)) refuse(`Bad timezone "${timezone}": use a name like Europe/Berlin.`);
    else if (csmEmail && !lookups.csmIdByEmail.has(csmEmail))
      refuse(`Unknown CSM "${r.csm_email}": nobody active on your team has that email.`);
    else if (!r.playbook) refuse("No playbook.");
    else if (!playbookId && lookups.archivedPlaybookNames?.has(r.playbook.toLowerCase()))
      refuse(`The playbook "${r.playbook}" is archived: it starts no new journeys. Choose another playbook.`);
    else if (!playbookId) refuse(`Unknown playbook "${r.playbook}".`);
    else if (r.contact_email && !EMAIL_RE.test(r.contact_email)) refuse(`Bad email "${r.contact_email}".`);
    else if (email && !r.contact_name) refuse(`No contact_name for ${email}.`);
    if (verdict.action === "error") {
      counts.error++;
      continue;
    }

    const fields: AccountFields = {
      externalId,
      name: accountName,
      domain: r.domain ?? null,
      segment: r.segment ?? null,
      timezone,
      csmId: csmEmail ? lookups.csmIdByEmail.get(csmEmail)! : null,
      startedOn: r.start_date!,
      playbookId: playbookId!,
    };

    // Every row of one account must say the same about it; the first good row sets it.
    const seen = accounts.get(externalId);
    if (seen) {
      const differs = (Object.keys(FIELD_LABEL) as (keyof AccountFields)[]).find((k) => seen.fields[k] !== fields[k]);
      if (differs) {
        refuse(`Row ${seen.line} gives account ${externalId} another ${FIELD_LABEL[differs]}.`);
        counts.error++;
        continue;
      }
    }
    if (email) {
      const earlier = contactLines.get(email);
      const person = lookups.peopleByEmail.get(email);
      const existingAccount = lookups.accountsByExternalId.get(externalId);
      if (earlier) {
        refuse(
          earlier.externalId === externalId
            ? `Duplicate of row ${earlier.line}.`
            : `${email} is also on row ${earlier.line}, for account ${earlier.externalId}.`,
        );
      } else if (
        person &&
        (person.role !== "customer" || !existingAccount || person.account_id !== existingAccount.id)
      ) {
        refuse(`${email} already belongs to someone on another account or on your team.`);
      }
    } else if (accountOnlyLines.has(externalId)) {
      refuse(`Duplicate of row ${accountOnlyLines.get(externalId)}.`);
    }
    // refuse() sets it inside a closure, which TypeScript's narrowing cannot see.
    if ((verdict.action as RowVerdict["action"]) === "error") {
      counts.error++;
      continue;
    }
    if (email) contactLines.set(email, { line, externalId });
    else accountOnlyLines.set(externalId, line);

    if (!seen) {
      const existing = lookups.accountsByExternalId.get(externalId);
      const changed =
        !existing ||
        existing.name !== fields.name ||
        existing.domain !== fields.domain ||
        existing.segment !== fields.segment ||
        existing.timezone !== fields.timezone ||
        existing.csm_id !== fields.csmId ||
        !existing.has_journey;
      const write = changed
        ? { ...fields, existingId: existing?.id ?? null, startJourney: !existing?.has_journey, primaryEmail: null }
        : null;
      accounts.set(externalId, { fields, line, write });
      if (write) verdict.action = existing ? "update" : "create";
    }
    if (email) {
      const account = accounts.get(externalId)!;
      if (account.write && !account.write.primaryEmail) account.write.primaryEmail = email;
      const person = lookups.peopleByEmail.get(email);
      const name = r.contact_name!;
      const jobTitle = r.contact_job_title ?? null;
      if (!person) {
        contacts.push({ existingId: null, externalId, email, name, jobTitle });
        verdict.action = "create";
      } else if (person.name !== name || person.job_title !== jobTitle) {
        contacts.push({ existingId: person.id, externalId, email, name, jobTitle });
        if (verdict.action === "skip") verdict.action = "update";
      }
    }
    counts[verdict.action as RowAction]++;
  }
  return {
    rows,
    accounts: [...accounts.values()].flatMap((a) => (a.write ? [a.write] : [])),
    contacts,
    counts,
  };
}
