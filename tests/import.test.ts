// The CSV import of accounts and contacts, on the domain functions against
// Postgres: the parser's edge cases, the preview's verdicts, the set-based run,
// and that importing the same file again changes nothing.
import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { IMPORT_TEMPLATE } from "~/modules/import/import-columns";
import { parseImportCsv } from "~/modules/import/parse-import-csv";
import { previewImport } from "~/modules/import/preview-import.server";
import { runImport } from "~/modules/import/run-import.server";
import { InputError, NotFoundError } from "~/utils/errors.server";
import { buildImportCsv } from "../scripts/import-fixture";
import { db, makeAccount, makePlaybook, makeStaff, milestoneSeed, smallPlaybook } from "./factories";

const NOW = new Date("2026-12-01T09:00:00Z");
const uniq = () => randomBytes(4).toString("hex");

let admin: { id: string; role: "admin"; accountId: null; name: string };
let csm: { id: string; email: string };
let playbookName: string;
let playbookId: string;

beforeAll(async () => {
  const a = await makeStaff({ role: "admin" });
  admin = { id: a.id, role: "admin", accountId: null, name: a.name };
  csm = await makeStaff();
  const seed = smallPlaybook();
  playbookName = seed.name;
  playbookId = await makePlaybook(seed);
});

const HEADER = "external_id,account_name,timezone,csm_email,start_date,playbook,contact_email,contact_name";

async function importText(text: string, opts: { sendInvitations?: boolean } = {}) {
  const { importId, preview } = await previewImport(
    db(),
    admin,
    { fileName: "accounts.csv", bytes: text, defaultTimezone: "UTC" },
    NOW,
  );
  const summary = await runImport(
    db(),
    admin,
    { importId, sendInvitations: opts.sendInvitations ?? false, defaultTimezone: "UTC", ip: null },
    NOW,
  );
  return { importId, preview, summary };
}

/** Everything an import writes, counted and fingerprinted, to show a second run changes nothing. */
async function snapshot(prefix: string) {
  const rows = await db()
    .selectFrom("accounts as a")
    .leftJoin("users as u", "u.account_id", "a.id")
    .select(["a.id", "a.name", "a.timezone", "a.csm_id", "u.id as uid", "u.name as uname", "u.job_title"])
    .where("a.external_id", "like", `${prefix}-%`)
    .orderBy("a.id")
    .orderBy("u.id")
    .execute();
  const counts = await db()
    .selectFrom("journeys as j")
    .innerJoin("accounts as a", "a.id", "j.account_id")
    .select((eb) => [
      eb.fn.countAll<string>().as("journeys"),
      eb.fn
        .sum<string>(
          eb.selectFrom("journey_milestones").select(eb.fn.countAll().as("n")).whereRef("journey_id", "=", "j.id"),
        )
        .as("milestones"),
    ])
    .where("a.external_id", "like", `${prefix}-%`)
    .executeTakeFirstOrThrow();
  return { rows, counts };
}

describe("reading the file", () => {
  it("handles a BOM, Windows line endings and quoted commas, quotes and line breaks", () => {
    const rows = parseImportCsv(
      `\uFEFF${HEADER}\r\nX1,"Acme, Inc.",UTC,,2026-12-07,P,ana@acme.example,"Ana ""AJ"" Silva"\r\nX2,"Two\r\nlines",UTC,,2026-12-07,P,,\r\n`,
    );
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual({
      line: 2,
      record: {
        external_id: "X1",
        account_name: "Acme, Inc.",
        timezone: "UTC",
        start_date: "2026-12-07",
        playbook: "P",
        contact_email: "ana@acme.example",
        contact_name: 'Ana "AJ" Silva',
      },
    });
    expect(rows[1].record.account_name).toBe("Two\r\nlines");
    expect(rows[1].record.contact_email).toBeUndefined();
  });

  it("reads Excel's semicolon CSV in Windows-1252, and Google Sheets' headers and padded rows", () => {
    const excel = Buffer.from(
      "External ID;Account Name;Start Date;Playbook\r\nX1;M\xfcller GmbH;2026-12-07;P\r\n",
      "latin1",
    );
    expect(parseImportCsv(excel)[0].record).toEqual({
      external_id: "X1",
      account_name: "Müller GmbH",
      start_date: "2026-12-07",
      playbook: "P",
    });
    const sheets = "external_id,account_name,start_date,playbook,contact_email\nX1,Acme,2026-12-07,P,,,\n";
    expect(parseImportCsv(new TextEncoder().encode(sheets))[0].record.account_name).toBe("Acme");
  });

  it("refuses an empty file, a missing column and an unclosed quote with a message", () => {
    expect(() => parseImportCsv("")).toThrow(/empty/);
    expect(() => parseImportCsv("external_id,account_name\nX1,Acme\n")).toThrow(/no start_date, playbook column/);
    expect(() => parseImportCsv(`${HEADER}\nX1,"Acme,UTC\n`)).toThrow(InputError);
  });

  it("the template parses and previews cleanly once its CSM and playbook exist", async () => {
    const rows = parseImportCsv(IMPORT_TEMPLATE);
    expect(rows.map((r) => r.record.external_id)).toEqual(["CRM-001", "CRM-001", "CRM-002"]);
  });
});

describe("a 5,000-row file with 10 bad rows", () => {
  it("reports exactly those 10, imports the rest, and a second import changes nothing", async () => {
    const prefix = `BIG${uniq()}`;
    const { csv, bad } = buildImportCsv({
      rows: 5000,
      prefix,
      playbook: playbookName,
      csmEmail: csm.email,
      withBadRows: true,
    });
    const first = await importText(csv);

    const errors = first.preview.rows.filter((r) => r.action === "error");
    expect(errors.map((r) => r.line).sort((a, b) => a - b)).toEqual([...bad.keys()].sort((a, b) => a - b));
    for (const row of errors) expect(row.error, `row ${row.line}`).toMatch(bad.get(row.line)!);
    expect(first.preview.counts).toEqual({ create: 4990, update: 0, skip: 0, error: 10 });
    expect(first.summary).toMatchObject({
      accountsCreated: 2500,
      contactsCreated: 4990,
      journeysStarted: 2500,
      invitationsSent: 0,
      rowsRefused: 10,
    });
    const before = await snapshot(prefix);
    expect(before.rows).toHaveLength(4990);
    expect(Number(before.counts.journeys)).toBe(2500);
    expect(Number(before.counts.milestones)).toBe(2500 * 8);
    // No email of any kind: invitations were not chosen, and journey starts send nothing.
    const outbox = await db()
      .selectFrom("email_outbox")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("to_email", "like", `%.${prefix}.example`)
      .executeTakeFirstOrThrow();
    expect(Number(outbox.n)).toBe(0);

    const second = await importText(csv);
    expect(second.preview.counts).toEqual({ create: 0, update: 0, skip: 4990, error: 10 });
    expect(second.summary).toMatchObject({
      accountsCreated: 0,
      accountsUpdated: 0,
      contactsCreated: 0,
      contactsUpdated: 0,
      journeysStarted: 0,
    });
    expect(await snapshot(prefix)).toEqual(before);
  }, 60_000);
});

describe("what a row does", () => {
  it("starts each journey as createJourney would: stages entered, owners, due dates", async () => {
    const id = `j${uniq()}`;
    await importText(
      `${HEADER}\n${id}-1,Same,UTC,${csm.email},2026-03-02,${playbookName},first@${id}.example,First\n${id}-1,Same,UTC,${csm.email},2026-03-02,${playbookName},second@${id}.example,Second\n`,
    );
    const made = await makeAccount({ csmId: csm.id, playbookId, startedOn: "2026-03-02", now: NOW });
    const shape = (journeyId: string) =>
      db()
        .selectFrom("journey_milestones as m")
        .innerJoin("journey_stages as s", "s.id", "m.stage_id")
        .leftJoin("users as u", "u.id", "m.owner_user_id")
        .select([
          "s.position as stage",
          "s.entered_at",
          "m.title",
          "m.due_on",
          "m.required",
          "m.owner_role",
          "u.role as owner",
        ])
        .select((eb) => eb.fn.count("journey_resources.id" as never).as("resources"))
        .leftJoin("journey_resources", "journey_resources.milestone_id", "m.id")
        .where("m.journey_id", "=", journeyId)
        .groupBy([
          "s.position",
          "s.entered_at",
          "m.title",
          "m.due_on",
          "m.required",
          "m.owner_role",
          "u.role",
          "m.position",
        ])
        .orderBy("s.position")
        .orderBy("m.position")
        .execute();
    const imported = await db()
      .selectFrom("journeys as j")
      .innerJoin("accounts as a", "a.id", "j.account_id")
      .select(["j.id", "j.current_stage_position", "j.completed_at"])
      .where("a.external_id", "=", `${id}-1`)
      .executeTakeFirstOrThrow();
    const reference = await db()
      .selectFrom("journeys")
      .select(["id", "current_stage_position", "completed_at"])
      .where("id", "=", made.journeyId)
      .executeTakeFirstOrThrow();
    expect(imported.current_stage_position).toBe(reference.current_stage_position);
    expect(imported.completed_at).toEqual(reference.completed_at);
    expect(await shape(imported.id)).toEqual(await shape(made.journeyId));
    const transitions = await db()
      .selectFrom("stage_transitions")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("journey_id", "in", [imported.id, made.journeyId])
      .groupBy("journey_id")
      .execute();
    expect(transitions.map((t) => Number(t.n))).toEqual([1, 1]);
    // The customer side starts with the file's first contact.
    const owner = await db()
      .selectFrom("journey_milestones as m")
      .innerJoin("users as u", "u.id", "m.owner_user_id")
      .select("u.email")
      .where("m.journey_id", "=", imported.id)
      .where("m.title", "=", "Sign contract")
      .executeTakeFirstOrThrow();
    expect(owner.email).toBe(`first@${id}.example`);
  });

  it.each([
    ["its optional first stages", [false, false, true]],
    ["every stage, and completes it, when nothing is required", [false, false, false]],
  ])("enters %s as createJourney would", async (_, required) => {
    const seed = {
      name: `Entry playbook ${uniq()}`,
      description: "Stages entered at the start",
      stages: required.map((r, i) => ({
        key: `stage-${i + 1}`,
        name: `Stage ${i + 1}`,
        description: "",
        milestones: [
          { ...milestoneSeed(`Step ${i + 1}`, "customer", "customer", 3 * i, r), dueOffsetKind: "business" as const },
          milestoneSeed(`Call ${i + 1}`, "vendor", "csm", 5 * i, false),
        ],
      })),
    };
    const entryPlaybookId = await makePlaybook(seed);
    const id = `e${uniq()}`;
    await importText(`${HEADER}\n${id}-1,Entry,UTC,${csm.email},2026-03-06,${seed.name},first@${id}.example,First\n`);
    const imported = await db()
      .selectFrom("journeys as j")
      .innerJoin("accounts as a", "a.id", "j.account_id")
      .select("j.id")
      .where("a.external_id", "=", `${id}-1`)
      .executeTakeFirstOrThrow();
    const made = await makeAccount({ csmId: csm.id, playbookId: entryPlaybookId, startedOn: "2026-03-06", now: NOW });
    const entry = async (journeyId: string) => ({
      journey: await db()
        .selectFrom("journeys")
        .select(["current_stage_position", "completed_at"])
        .where("id", "=", journeyId)
        .executeTakeFirstOrThrow(),
      stages: await db()
        .selectFrom("journey_stages")
        .select(["position", "entered_at"])
        .where("journey_id", "=", journeyId)
        .orderBy("position")
        .execute(),
      transitions: await db()
        .selectFrom("stage_transitions as t")
        .innerJoin("journey_stages as s", "s.id", "t.stage_id")
        .leftJoin("journey_stages as f", "f.id", "t.from_stage_id")
        .select(["s.position as stage", "f.position as from", "t.entered_at", "t.cause_event_id"])
        .where("t.journey_id", "=", journeyId)
        .orderBy("s.position")
        .execute(),
      milestones: await db()
        .selectFrom("journey_milestones as m")
        .leftJoin("users as u", "u.id", "m.owner_user_id")
        .select(["m.title", "m.due_on", "m.required", "m.status", "u.role as owner"])
        .where("m.journey_id", "=", journeyId)
        .orderBy("m.title")
        .execute(),
    });
    const reference = await entry(made.journeyId);
    expect(await entry(imported.id)).toEqual(reference);
    expect(reference.transitions.length).toBe(required.includes(true) ? required.indexOf(true) + 1 : required.length);
  });

  it("updates what changed, and refuses an address that belongs to another account", async () => {
    const id = `u${uniq()}`;
    await importText(`${HEADER}\n${id}-1,Old name,UTC,,2026-12-07,${playbookName},ana@${id}.example,Ana\n`);
    const other = await makeAccount({ csmId: null, playbookId });
    const taken = await db()
      .selectFrom("users")
      .select("email")
      .where("id", "=", other.contacts[0].id)
      .executeTakeFirstOrThrow();
    const { preview, summary } = await importText(
      `${HEADER}\n${id}-1,New name,Europe/Berlin,${csm.email},2026-12-07,${playbookName},ana@${id}.example,Ana Silva\n${id}-1,New name,Europe/Berlin,${csm.email},2026-12-07,${playbookName},${taken.email},Someone\n`,
    );
    expect(preview.rows.map((r) => [r.line, r.action])).toEqual([
      [2, "update"],
      [3, "error"],
    ]);
    expect(preview.rows[1].error).toMatch(/already belongs to someone on another account/);
    expect(summary).toMatchObject({ accountsUpdated: 1, contactsUpdated: 1, journeysStarted: 0 });
    const account = await db()
      .selectFrom("accounts")
      .select(["name", "timezone", "csm_id"])
      .where("external_id", "=", `${id}-1`)
      .executeTakeFirstOrThrow();
    expect(account).toEqual({ name: "New name", timezone: "Europe/Berlin", csm_id: csm.id });
    const moved = await db()
      .selectFrom("users")
      .select("account_id")
      .where("id", "=", other.contacts[0].id)
      .executeTakeFirstOrThrow();
    expect(moved.account_id).toBe(other.accountId);
  });

  it("sends invitations only when the admin chooses, and never twice", async () => {
    const id = `i${uniq()}`;
    const file = `${HEADER}\n${id}-1,Acme,UTC,,2026-12-07,${playbookName},ana@${id}.example,Ana\n`;
    const invitations = async () =>
      Number(
        (
          await db()
            .selectFrom("email_outbox")
            .select((eb) => eb.fn.countAll<string>().as("n"))
            .where("kind", "=", "invitation")
            .where("to_email", "=", `ana@${id}.example`)
            .executeTakeFirstOrThrow()
        ).n,
      );
    await importText(file);
    expect(await invitations()).toBe(0);
    const contact = await db()
      .selectFrom("users")
      .select(["joined_at", "invited_at"])
      .where("email", "=", `ana@${id}.example`)
      .executeTakeFirstOrThrow();
    expect(contact).toEqual({ joined_at: null, invited_at: null });
    expect((await importText(file, { sendInvitations: true })).summary.invitationsSent).toBe(1);
    expect(await invitations()).toBe(1);
    await importText(file, { sendInvitations: true });
    expect(await invitations()).toBe(1);
    const audit = await db()
      .selectFrom("audit_events")
      .select(["kind", "actor_id"])
      .where("kind", "in", ["accounts_imported", "invitation_sent"])
      .where("actor_id", "=", admin.id)
      .execute();
    expect(audit.filter((a) => a.kind === "invitation_sent")).toHaveLength(1);
    expect(audit.filter((a) => a.kind === "accounts_imported").length).toBeGreaterThanOrEqual(3);
  });

  it("runs once, checks the rows again at confirmation, and writes nothing when any write fails", async () => {
    const id = `o${uniq()}`;
    const { importId } = await importText(`${HEADER}\n${id}-1,Acme,UTC,,2026-12-07,${playbookName},,\n`);
    await expect(
      runImport(db(), admin, { importId, sendInvitations: false, defaultTimezone: "UTC", ip: null }, NOW),
    ).rejects.toThrow(/already run/);

    // The address is taken between the preview and the confirmation: the row is refused then.
    const preview = (rows: string) =>
      previewImport(db(), admin, { fileName: "x.csv", bytes: `${HEADER}\n${rows}\n`, defaultTimezone: "UTC" }, NOW);
    const run = (importId: string) =>
      runImport(db(), admin, { importId, sendInvitations: false, defaultTimezone: "UTC", ip: null }, NOW);
    const late = await preview(`${id}-2,Beta,UTC,,2026-12-07,${playbookName},late@${id}.example,Late`);
    expect(late.preview.counts.create).toBe(1);
    await db()
      .insertInto("users")
      .values({ email: `late@${id}.example`, name: "Racer", role: "csm" })
      .execute();
    expect(await run(late.importId)).toMatchObject({ accountsCreated: 0, contactsCreated: 0, rowsRefused: 1 });

    // A failure after the accounts and contacts are written (here, starting the journeys) undoes them all.
    const broken = await preview(`${id}-3,Gamma,UTC,,2026-12-07,${playbookName},gamma@${id}.example,Gamma`);
    await sql`create function import_test_fail() returns trigger language plpgsql as
      $$ begin raise exception 'journeys are broken'; end $$`.execute(db());
    await sql`create trigger import_test_fail before insert on journeys for each statement
      execute function import_test_fail()`.execute(db());
    try {
      await expect(run(broken.importId)).rejects.toThrow(/journeys are broken/);
    } finally {
      await sql`drop trigger import_test_fail on journeys`.execute(db());
      await sql`drop function import_test_fail()`.execute(db());
    }
    const written = await db().selectFrom("accounts").select("id").where("external_id", "=", `${id}-3`).execute();
    expect(written).toEqual([]);
    const people = await db().selectFrom("users").select("id").where("email", "=", `gamma@${id}.example`).execute();
    expect(people).toEqual([]);
    const status = await db()
      .selectFrom("account_imports")
      .select("status")
      .where("id", "=", broken.importId)
      .executeTakeFirstOrThrow();
    expect(status.status).toBe("failed");
    // Once the cause is gone, the admin confirms again and it goes through.
    expect(await run(broken.importId)).toMatchObject({ accountsCreated: 1, contactsCreated: 1, journeysStarted: 1 });
  });

  it("is for admins only", async () => {
    const csmActor = { id: csm.id, role: "csm" as const, accountId: null };
    await expect(
      previewImport(db(), csmActor, { fileName: "x.csv", bytes: IMPORT_TEMPLATE, defaultTimezone: "UTC" }, NOW),
    ).rejects.toThrow(NotFoundError);
  });
});
