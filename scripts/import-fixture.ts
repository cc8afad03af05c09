// A large accounts-and-contacts CSV for the import's test and benchmark: two
// contacts per account, and, on request, ten bad rows of every kind the
// preview must report.
import { IMPORT_COLUMNS } from "~/modules/import/import-columns";

export interface FixtureOptions {
  rows: number;
  prefix: string;
  playbook: string;
  csmEmail: string;
  /** Replace ten rows with bad ones; their row numbers come back in `bad`. */
  withBadRows?: boolean;
}

const q = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function buildImportCsv(o: FixtureOptions): { csv: string; bad: Map<number, RegExp> } {
  const lines: string[][] = [];
  for (let i = 0; i < o.rows; i++) {
    const account = Math.floor(i / 2);
    const id = `${o.prefix}-${account}`;
    lines.push([
      id,
      // A quoted comma in every account name.
      `Account ${account}, Inc.`,
      `a${account}.${o.prefix}.example`,
      account % 3 === 0 ? "Europe/Berlin" : "America/New_York",
      o.csmEmail,
      account % 2 ? "Enterprise" : "SMB",
      "2026-12-07",
      o.playbook,
      `contact${i}@a${account}.${o.prefix}.example`,
      `Contact ${i}`,
      i % 2 ? "" : "Head of IT",
    ]);
  }
  const bad = new Map<number, RegExp>();
  if (o.withBadRows) {
    // Each bad row is the second contact of its account (odd index), so the
    // account itself still comes in from the first row.
    const set = (n: number, col: (typeof IMPORT_COLUMNS)[number], value: string, error: RegExp) => {
      const i = 2 * n * 97 + 1;
      lines[i][IMPORT_COLUMNS.indexOf(col)] = value;
      bad.set(i + 2, error);
    };
    set(1, "contact_email", "not-an-email", /^Bad email "not-an-email"/);
    set(2, "contact_email", "two@@ats.example", /^Bad email/);
    set(3, "csm_email", "nobody@vendor.example", /^Unknown CSM "nobody@vendor.example"/);
    set(4, "timezone", "Mars/Olympus", /^Bad timezone "Mars\/Olympus"/);
    set(5, "start_date", "07/12/2026", /^Bad start date "07\/12\/2026"/);
    set(6, "playbook", "No such playbook", /^Unknown playbook/);
    set(7, "contact_name", "", /^No contact_name/);
    set(8, "account_name", "Another name", /gives account .* another account_name/);
    // A duplicate: the row repeats the row before it (the same account and contact).
    const dup = 2 * 9 * 97 + 1;
    lines[dup] = [...lines[dup - 1]];
    bad.set(dup + 2, /^Duplicate of row/);
    set(10, "external_id", "", /^No external_id/);
  }
  const csv = `\uFEFF${[IMPORT_COLUMNS.join(","), ...lines.map((l) => l.map(q).join(","))].join("\r\n")}\r\n`;
  return { csv, bad };
}
