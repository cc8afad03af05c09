// The playbook studio's domain (issue 11 §1-3, ADR 035): creating, duplicating and
// archiving playbooks; saving the editor's form as the draft, with each bad field
// named, keys that stay put, nothing half-saved and nothing dropped that the editor
// does not show; and publishing what was saved.
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { listAccountChoices } from "~/modules/account-lifecycle/account-choices.server";
import { createAccount } from "~/modules/account-lifecycle/create-account.server";
import { parseImportCsv } from "~/modules/import/parse-import-csv";
import { planImport } from "~/modules/import/plan-import.server";
import { setPlaybookArchived } from "~/modules/playbooks/archive-playbook.server";
import { createPlaybook } from "~/modules/playbooks/create-playbook.server";
import { draftVersionOf } from "~/modules/playbooks/draft-version.server";
import { duplicatePlaybook } from "~/modules/playbooks/duplicate-playbook.server";
import { listPlaybooks } from "~/modules/playbooks/list-playbooks.server";
import {
  documentToEditor,
  type EditorDocument,
  type EditorMilestone,
  editorToDocument,
  isEditorField,
} from "~/modules/playbooks/playbook-editor-form";
import { publishPlaybook } from "~/modules/playbooks/publish-playbook.server";
import { readPlaybookDraft, readPlaybookDraftRaw } from "~/modules/playbooks/read-playbook-draft.server";
import { mergeIntoDraft, savePlaybookDraft } from "~/modules/playbooks/save-playbook-draft.server";
import { ForbiddenError, InputError } from "~/utils/errors.server";
import { db, makeAccount, makePlaybook, makeStaff } from "./factories";

const ADMIN = { role: "admin" as const };
const CSM = { role: "csm" as const };
const VIEWER = { role: "viewer" as const };
const NOW = new Date("2026-12-02T10:00:00Z");

/** The draft as the editor opens it, and the fingerprint a save sends back. */
async function openEditor(playbookId: string): Promise<{ form: EditorDocument; draftVersion: string }> {
  const raw = await readPlaybookDraftRaw(db(), playbookId);
  return { form: documentToEditor(raw), draftVersion: draftVersionOf(raw) };
}

function save(
  playbookId: string,
  opened: { form: EditorDocument; draftVersion: string },
  actor: { role: "admin" | "csm" | "viewer" } = ADMIN,
) {
  return savePlaybookDraft(db(), actor, { playbookId, ...opened });
}

function blankMilestone(title: string): EditorMilestone {
  return {
    id: `new-${title}`,
    key: "",
    title,
    description: "",
    ownerSide: "customer",
    ownerRole: "champion",
    dueOffsetDays: "3",
    dueFrom: "stage_entry",
    dueOffsetKind: "business",
    required: false,
    visibility: "internal",
    firstValue: true,
    segments: "Enterprise, Mid-market",
    resources: [
      { id: "r-new", title: "Checklist", url: "https://docs.example/checklist", kind: "course", minutes: "12" },
    ],
  };
}

const rowIds = (playbookId: string) =>
  db()
    .selectFrom("playbook_milestones as m")
    .innerJoin("playbook_stages as s", "s.id", "m.stage_id")
    .select(["m.key", "m.id", "s.key as stage"])
    .where("s.playbook_id", "=", playbookId)
    .execute()
    .then((rows) => Object.fromEntries(rows.map((r) => [r.key, { id: r.id, stage: r.stage }])));

describe("creating, duplicating and archiving", () => {
  it("creates a playbook whose draft already passes the schema, with no version, so it starts no journeys", async () => {
    const { playbookId } = await createPlaybook(db(), ADMIN, { name: "  Self-serve  " });
    const draft = await readPlaybookDraft(db(), playbookId);
    expect(draft.name).toBe("Self-serve");
    expect(draft.stages).toHaveLength(1);
    expect(draft.stages[0]!.milestones).toHaveLength(1);
    const listed = (await listPlaybooks(db())).find((p) => p.id === playbookId)!;
    expect(listed.versions).toEqual([]);
    expect((await listAccountChoices(db())).playbooks.map((p) => p.id)).not.toContain(playbookId);
  });

  it("refuses a name in use in any case, an empty name, and anyone but an admin", async () => {
    await createPlaybook(db(), ADMIN, { name: "Enterprise onboarding" });
    await expect(createPlaybook(db(), ADMIN, { name: "enterprise ONBOARDING" })).rejects.toMatchObject({
      field: "name",
      message: 'A playbook named "enterprise ONBOARDING" exists already; choose another name.',
    });
    await expect(createPlaybook(db(), ADMIN, { name: "   " })).rejects.toBeInstanceOf(InputError);
    await expect(createPlaybook(db(), CSM, { name: "By a CSM" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(createPlaybook(db(), VIEWER, { name: "By a viewer" })).rejects.toBeInstanceOf(ForbiddenError);
    const names = (await listPlaybooks(db())).map((p) => p.name);
    expect(names.filter((n) => n.toLowerCase() === "enterprise onboarding")).toHaveLength(1);
    expect(names).not.toContain("By a CSM");
  });

  it("duplicates the whole draft under a new name, without versions, and leaves the original as it was", async () => {
    const source = await makePlaybook();
    const before = await readPlaybookDraftRaw(db(), source);
    const { playbookId } = await duplicatePlaybook(db(), ADMIN, { playbookId: source, name: "The copy" });
    expect(playbookId).not.toBe(source);
    const copy = (await readPlaybookDraftRaw(db(), playbookId)) as Record<string, unknown>;
    expect(copy).toEqual({ ...(before as object), name: "The copy" });
    expect(await readPlaybookDraftRaw(db(), source)).toEqual(before);
    expect((await listPlaybooks(db())).find((p) => p.id === playbookId)!.versions).toEqual([]);
    await expect(duplicatePlaybook(db(), ADMIN, { playbookId: source, name: "the copy" })).rejects.toMatchObject({
      field: "name",
    });
    await expect(duplicatePlaybook(db(), CSM, { playbookId: source, name: "Another" })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });

  it("archives: no new accounts or imports start from it, its journeys go on, and it comes back", async () => {
    const csm = await makeStaff();
    const playbookId = await makePlaybook();
    const running = await makeAccount({ csmId: csm.id, playbookId });
    const name = (await readPlaybookDraft(db(), playbookId)).name;

    expect(await setPlaybookArchived(db(), ADMIN, { playbookId, archived: true }, NOW)).toEqual({
      name,
      changed: true,
    });
    expect(await setPlaybookArchived(db(), ADMIN, { playbookId, archived: true }, NOW)).toEqual({
      name,
      changed: false,
    });
    expect((await listAccountChoices(db())).playbooks.map((p) => p.id)).not.toContain(playbookId);
    const newAccount = {
      name: "Archived Co",
      domain: null,
      timezone: "UTC",
      csmId: csm.id,
      segment: null,
      startedOn: "2026-12-07",
      playbookId,
      contacts: [],
      ip: null,
    };
    const actor = { id: csm.id, role: "csm" as const, accountId: null, name: csm.name };
    await expect(createAccount(db(), actor, newAccount, NOW)).rejects.toMatchObject({ field: "playbookId" });
    const plan = await planImport(
      db(),
      parseImportCsv(`external_id,account_name,start_date,playbook\nARCH-1,Arch Inc,2026-12-07,${name}\n`),
      "UTC",
    );
    expect(plan.rows[0]!.error).toBe(
      `The playbook "${name}" is archived: it starts no new journeys. Choose another playbook.`,
    );
    // The running journey is untouched and still counted on its version.
    const journey = await db()
      .selectFrom("journeys")
      .select(["playbook_id", "completed_at"])
      .where("id", "=", running.journeyId)
      .executeTakeFirstOrThrow();
    expect(journey).toEqual({ playbook_id: playbookId, completed_at: null });
    const listed = (await listPlaybooks(db())).find((p) => p.id === playbookId)!;
    expect(listed.archivedAt).toEqual(NOW);
    expect(listed.versions.map((v) => [v.number, v.journeys, v.running])).toEqual([[1, 1, 1]]);

    await expect(setPlaybookArchived(db(), CSM, { playbookId, archived: false }, NOW)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    expect(await setPlaybookArchived(db(), ADMIN, { playbookId, archived: false }, NOW)).toEqual({
      name,
      changed: true,
    });
    expect((await listAccountChoices(db())).playbooks.map((p) => p.id)).toContain(playbookId);
    await expect(createAccount(db(), actor, newAccount, NOW)).resolves.toMatchObject({});
  });
});

describe("listing", () => {
  it("shows each version with its note and the journeys on it, newest first", async () => {
    const csm = await makeStaff();
    const playbookId = await makePlaybook();
    await makeAccount({ csmId: csm.id, playbookId });
    const opened = await openEditor(playbookId);
    opened.form.stages[0]!.name = "Purchase and handoff";
    expect((await save(playbookId, opened)).ok).toBe(true);
    await publishPlaybook(db(), { playbookId, note: "Renamed the first stage." }, NOW);
    await makeAccount({ csmId: csm.id, playbookId });
    await makeAccount({ csmId: csm.id, playbookId });
    const listed = (await listPlaybooks(db())).find((p) => p.id === playbookId)!;
    expect(listed.versions.map((v) => [v.number, v.note, v.journeys])).toEqual([
      [2, "Renamed the first stage.", 2],
      [1, "First version.", 1],
    ]);
  });
});

describe("saving the editor's draft", () => {
  it("writes every field the editor shows, in the order given, and publishing makes version 2", async () => {
    const playbookId = await makePlaybook();
    const opened = await openEditor(playbookId);
    const [purchase, onboarding] = opened.form.stages;
    opened.form.description = "For growing teams.";
    onboarding!.goal = "Set up and running.";
    onboarding!.successMeasure = "SSO live.";
    onboarding!.expectedDays = "21";
    onboarding!.milestones.push(blankMilestone("Security review"));
    // Purchase moves after onboarding; its last milestone moves to the top of it.
    opened.form.stages = [onboarding!, purchase!, ...opened.form.stages.slice(2)];
    purchase!.milestones.unshift(purchase!.milestones.pop()!);
    purchase!.milestones[1]!.resources.push({
      id: "r2",
      title: "Video tour",
      url: "http://video.example/tour",
      kind: "video",
      minutes: "7",
    });

    const saved = await save(playbookId, opened);
    expect(saved).toMatchObject({ ok: true, changed: true });
    const draft = await readPlaybookDraft(db(), playbookId);
    expect(draft.description).toBe("For growing teams.");
    expect(draft.stages.map((s) => s.key)).toEqual(["onboarding", "purchase", "adoption", "retention"]);
    expect(draft.stages[0]).toMatchObject({
      goal: "Set up and running.",
      successMeasure: "SSO live.",
      expectedDays: 21,
    });
    expect(draft.stages[1]!.milestones.map((m) => m.key)).toEqual(["optional-intro", "sign-contract", "sales-handoff"]);
    expect(draft.stages[1]!.milestones[1]!.resources.map((r) => r.title)).toEqual([
      "Sign contract guide",
      "Video tour",
    ]);
    expect(draft.stages[0]!.milestones[2]).toEqual({
      key: "security-review",
      title: "Security review",
      description: "",
      ownerSide: "customer",
      ownerRole: "champion",
      dueOffsetDays: 3,
      dueFrom: "stage_entry",
      dueOffsetKind: "business",
      required: false,
      visibility: "internal",
      firstValue: true,
      segments: ["Enterprise", "Mid-market"],
      resources: [{ title: "Checklist", url: "https://docs.example/checklist", kind: "course", minutes: 12 }],
    });

    const version = await publishPlaybook(db(), { playbookId, note: "Security review added." }, NOW);
    expect(version.number).toBe(2);
    await expect(publishPlaybook(db(), { playbookId, note: "Again." }, NOW)).rejects.toThrow(
      "Nothing changed since version 2.",
    );
    // Saving what is already there changes nothing.
    expect(await save(playbookId, await openEditor(playbookId))).toMatchObject({ ok: true, changed: false });
  });

  it("keeps keys and rows when text changes or a milestone moves to another stage", async () => {
    const playbookId = await makePlaybook();
    const rowsBefore = await rowIds(playbookId);
    const opened = await openEditor(playbookId);
    const [purchase, onboarding] = opened.form.stages;
    purchase!.name = "Buying";
    const kickoff = onboarding!.milestones.shift()!;
    kickoff.title = "Kick-off workshop";
    purchase!.milestones.push(kickoff);
    expect((await save(playbookId, opened)).ok).toBe(true);

    const draft = await readPlaybookDraft(db(), playbookId);
    expect(draft.stages[0]).toMatchObject({ key: "purchase", name: "Buying" });
    expect(draft.stages[0]!.milestones.at(-1)).toMatchObject({ key: "kickoff", title: "Kick-off workshop" });
    const rowsAfter = await rowIds(playbookId);
    expect(rowsAfter.kickoff).toEqual({ id: rowsBefore.kickoff!.id, stage: "purchase" });
    expect(rowsAfter["sign-contract"]!.id).toBe(rowsBefore["sign-contract"]!.id);
  });

  it("gives new stages and milestones unique keys from their names, never one a version used", async () => {
    const playbookId = await makePlaybook();
    // "Kickoff" is in version 1; removed from the draft, its key is still not free.
    let opened = await openEditor(playbookId);
    opened.form.stages[1]!.milestones.shift();
    expect((await save(playbookId, opened)).ok).toBe(true);

    opened = await openEditor(playbookId);
    opened.form.stages[1]!.milestones.push(blankMilestone("Kickoff"), blankMilestone("Kickoff"));
    opened.form.stages.push({
      id: "new-stage",
      key: "",
      name: "Onboarding!",
      description: "",
      goal: "",
      successMeasure: "",
      expectedDays: "",
      milestones: [blankMilestone("Été à São Paulo")],
    });
    expect((await save(playbookId, opened)).ok).toBe(true);
    let draft = await readPlaybookDraft(db(), playbookId);
    expect(draft.stages[1]!.milestones.map((m) => m.key)).toEqual(["set-up-sso", "kickoff-2", "kickoff-3"]);
    expect(draft.stages[4]!.key).toBe("onboarding-2");
    expect(draft.stages[4]!.milestones[0]!.key).toBe("ete-a-sao-paulo");

    // Renaming keeps the key it was given.
    opened = await openEditor(playbookId);
    opened.form.stages[4]!.name = "Handover";
    opened.form.stages[4]!.milestones[0]!.title = "Winter in Oslo";
    expect((await save(playbookId, opened)).ok).toBe(true);
    draft = await readPlaybookDraft(db(), playbookId);
    expect(draft.stages[4]).toMatchObject({ key: "onboarding-2", name: "Handover" });
    expect(draft.stages[4]!.milestones[0]).toMatchObject({ key: "ete-a-sao-paulo", title: "Winter in Oslo" });
  });

  it("names each bad field by its place in the form and writes nothing", async () => {
    const playbookId = await makePlaybook();
    const before = await readPlaybookDraftRaw(db(), playbookId);
    const opened = await openEditor(playbookId);
    const [purchase, onboarding, adoption] = opened.form.stages;
    onboarding!.name = "Renamed, but the save fails";
    purchase!.name = "   ";
    purchase!.expectedDays = "0";
    purchase!.milestones[0]!.dueOffsetDays = "two";
    purchase!.milestones[1]!.resources[0]!.url = "ftp://files.example/guide";
    purchase!.milestones[1]!.resources[0]!.minutes = "";
    onboarding!.milestones[0]!.segments = "Enterprise, Line\u0007break";
    adoption!.milestones = [];

    const saved = await save(playbookId, opened);
    expect(saved.ok).toBe(false);
    if (saved.ok) return;
    expect(saved.conflict).toBe(false);
    expect(saved.fieldErrors).toEqual({
      "stages.0.name": "A stage's name can't be empty.",
      "stages.0.expectedDays": "expectedDays is at least 1.",
      "stages.0.milestones.0.dueOffsetDays": "The due offset is a whole number of days.",
      "stages.0.milestones.1.resources.0.url": "The URL must start with http:// or https://.",
      "stages.0.milestones.1.resources.0.minutes": "Minutes is a whole number.",
      "stages.1.milestones.0.segments": "A segment must be on one line.",
      "stages.2.milestones": "A stage needs at least one milestone.",
    });
    expect(Object.keys(saved.fieldErrors).every(isEditorField)).toBe(true);
    expect(saved.message).toMatch(/^Nothing was saved: 7 fields need a change\./);
    expect(await readPlaybookDraftRaw(db(), playbookId)).toEqual(before);
  });

  it("refuses an owner role from the other side, beside the role", async () => {
    const playbookId = await makePlaybook();
    const opened = await openEditor(playbookId);
    opened.form.stages[0]!.milestones[0]!.ownerSide = "vendor";
    opened.form.stages[0]!.milestones[0]!.ownerRole = "champion";
    const saved = await save(playbookId, opened);
    expect(saved).toMatchObject({
      ok: false,
      fieldErrors: {
        "stages.0.milestones.0.ownerRole":
          '"champion" is not a vendor-side role; use one of: sales, onboarding, csm, support, account_manager.',
      },
    });
  });

  it("refuses a name another playbook has, beside the name", async () => {
    const other = await makePlaybook();
    const playbookId = await makePlaybook();
    const opened = await openEditor(playbookId);
    opened.form.name = (await readPlaybookDraft(db(), other)).name.toUpperCase();
    const saved = await save(playbookId, opened);
    expect(saved).toMatchObject({ ok: false, fieldErrors: { name: expect.stringContaining("exists already") } });
  });

  it("leaves nothing half-saved when the database refuses part of the write", async () => {
    const playbookId = await makePlaybook();
    const before = await readPlaybookDraftRaw(db(), playbookId);
    // A refusal that only the last statement of the write meets: the resources' insert.
    await sql`create function refuse_boom() returns trigger language plpgsql as $$
      begin if new.title = 'Boom' then raise exception 'refused'; end if; return new; end $$`.execute(db());
    await sql`create trigger refuse_boom before insert on playbook_resources
      for each row execute function refuse_boom()`.execute(db());
    try {
      const opened = await openEditor(playbookId);
      opened.form.stages[0]!.name = "Changed before the failure";
      opened.form.stages.reverse();
      opened.form.stages[0]!.milestones[0]!.resources[0]!.title = "Boom";
      await expect(save(playbookId, opened)).rejects.toThrow("refused");
      expect(await readPlaybookDraftRaw(db(), playbookId)).toEqual(before);
    } finally {
      await sql`drop trigger refuse_boom on playbook_resources`.execute(db());
    }
  });

  it("refuses a save over a draft someone saved after the editor opened, and writes nothing", async () => {
    const playbookId = await makePlaybook();
    const mine = await openEditor(playbookId);
    const theirs = await openEditor(playbookId);
    theirs.form.stages[0]!.name = "Theirs";
    expect((await save(playbookId, theirs)).ok).toBe(true);
    mine.form.stages[0]!.name = "Mine";
    const saved = await save(playbookId, mine);
    expect(saved).toMatchObject({ ok: false, conflict: true });
    expect((await readPlaybookDraft(db(), playbookId)).stages[0]!.name).toBe("Theirs");
  });

  it("is refused to CSMs and viewers", async () => {
    const playbookId = await makePlaybook();
    const opened = await openEditor(playbookId);
    opened.form.stages[0]!.name = "By a CSM";
    await expect(save(playbookId, opened, CSM)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(save(playbookId, opened, VIEWER)).rejects.toBeInstanceOf(ForbiddenError);
    expect((await readPlaybookDraft(db(), playbookId)).stages[0]!.name).toBe("Purchase");
  });
});

describe("what the editor does not show is kept", () => {
  it("keeps columns of the draft's rows that the editor knows nothing of", async () => {
    // A column another feature adds to stages later (a stage's email, say).
    await sql`alter table playbook_stages add column studio_test_extra text`.execute(db());
    const playbookId = await makePlaybook();
    await sql`update playbook_stages set studio_test_extra = 'kept: ' || key where playbook_id = ${playbookId}`.execute(
      db(),
    );
    const opened = await openEditor(playbookId);
    opened.form.stages[0]!.name = "Buying";
    opened.form.stages.reverse();
    opened.form.stages[0]!.milestones.push(blankMilestone("New step"));
    expect((await save(playbookId, opened)).ok).toBe(true);
    const { rows } = await sql<{ key: string; name: string; extra: string | null; position: number }>`
      select key, name, studio_test_extra as extra, position from playbook_stages
      where playbook_id = ${playbookId} order by position`.execute(db());
    expect(rows.map((r) => [r.key, r.extra])).toEqual([
      ["retention", "kept: retention"],
      ["adoption", "kept: adoption"],
      ["onboarding", "kept: onboarding"],
      ["purchase", "kept: purchase"],
    ]);
    expect(rows[3]!.name).toBe("Buying");
  });

  it("lays the editor's fields over the stored document by key, keeping fields it does not know", () => {
    const stored = {
      name: "P",
      description: "",
      futureTopLevel: { a: 1 },
      stages: [
        {
          key: "one",
          name: "One",
          email: { subject: "Welcome to one", intro: "Hello" },
          milestones: [{ key: "m1", title: "M1", futureField: true, resources: [] }],
        },
        { key: "two", name: "Two", email: { subject: "Two", intro: "" }, milestones: [] },
      ],
    };
    const form = documentToEditor(stored);
    form.stages.reverse();
    form.stages[0]!.name = "Two, renamed";
    form.stages[1]!.milestones[0]!.title = "M1, renamed";
    const merged = mergeIntoDraft(stored, editorToDocument(form)) as typeof stored;
    expect(merged.futureTopLevel).toEqual({ a: 1 });
    expect(merged.stages.map((s) => [s.key, s.name, s.email])).toEqual([
      ["two", "Two, renamed", { subject: "Two", intro: "" }],
      ["one", "One", { subject: "Welcome to one", intro: "Hello" }],
    ]);
    expect(merged.stages[1]!.milestones[0]).toMatchObject({ key: "m1", title: "M1, renamed", futureField: true });
  });
});
