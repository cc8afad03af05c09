// The playbook studio over HTTP (issue 11 §1-3): the list and the editor for admins,
// read-only for CSMs and viewers; create, duplicate and archive (confirmed); saving
// the draft (a 400 with the fields' messages, a 409 over someone else's save, nothing
// written either way) and publishing with a note, with a clear answer when nothing changed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { draftVersionOf } from "~/modules/playbooks/draft-version.server";
import { documentToEditor, type EditorDocument } from "~/modules/playbooks/playbook-editor-form";
import { readPlaybookDraft, readPlaybookDraftRaw } from "~/modules/playbooks/read-playbook-draft.server";
import { db, makePlaybook, makeStaff, sessionCookie } from "./factories";
import { startTestServer, type TestServer } from "./helpers/http";

let server: TestServer;
let admin: string;
let csm: string;
let viewer: string;

beforeAll(async () => {
  server = await startTestServer();
  admin = await sessionCookie((await makeStaff({ role: "admin" })).id);
  csm = await sessionCookie((await makeStaff()).id);
  viewer = await sessionCookie((await makeStaff({ role: "viewer", fn: null })).id);
});

afterAll(async () => server?.close());

const nameOf = async (playbookId: string) => (await readPlaybookDraft(db(), playbookId)).name;
const versions = (playbookId: string) =>
  db().selectFrom("playbook_versions").select("number").where("playbook_id", "=", playbookId).execute();
const named = (name: string) =>
  db().selectFrom("playbooks").select(["id", "archived_at"]).where("name", "=", name).execute();
/** HTML escapes quotes and React marks where text pieces meet; the page is compared as a person reads it. */
const text = async (res: Response) =>
  (await res.text())
    .replace(/<!-- -->/g, "")
    .replace(/&quot;|&#x27;|&#39;/g, (q) => (q === "&quot;" ? '"' : "'"))
    .replace(/&amp;/g, "&");

async function opened(playbookId: string): Promise<{ form: EditorDocument; draftVersion: string }> {
  const raw = await readPlaybookDraftRaw(db(), playbookId);
  return { form: documentToEditor(raw), draftVersion: draftVersionOf(raw) };
}

const saveBody = (o: { form: EditorDocument; draftVersion: string }) => ({
  intent: "save",
  draftVersion: o.draftVersion,
  document: JSON.stringify(o.form),
});

describe("/admin/playbooks", () => {
  it("lists playbooks with their versions; admins get the forms, CSMs and viewers only read", async () => {
    const playbookId = await makePlaybook();
    const name = await nameOf(playbookId);
    const asAdmin = await text(await server.get("/admin/playbooks", admin));
    expect(asAdmin).toContain(name);
    expect(asAdmin).toContain("Version 1");
    expect(asAdmin).toContain("First version.");
    expect(asAdmin).toContain("Create playbook");
    for (const cookie of [csm, viewer]) {
      const res = await server.get("/admin/playbooks", cookie);
      expect(res.status).toBe(200);
      const html = await text(res);
      expect(html).toContain(name);
      expect(html).toContain("Only admins change playbooks.");
      expect(html).not.toContain("Create playbook");
      expect(html).not.toContain(">Archive<");
    }
  });

  it("creates a playbook, and refuses a name in use with a 400 beside the name", async () => {
    const res = await server.post("/admin/playbooks", { intent: "create", name: "HTTP onboarding" }, { cookie: admin });
    expect(res.status).toBe(200);
    expect(await text(res)).toContain('Created the playbook "HTTP onboarding".');
    expect(await named("HTTP onboarding")).toHaveLength(1);

    const again = await server.post(
      "/admin/playbooks",
      { intent: "create", name: "http ONBOARDING" },
      { cookie: admin },
    );
    expect(again.status).toBe(400);
    const html = await text(again);
    expect(html).toContain('A playbook named "http ONBOARDING" exists already; choose another name.');
    expect(html).toContain('aria-describedby="name-error"');
    expect(await named("http ONBOARDING")).toHaveLength(0);
  });

  it("duplicates a draft under a new name", async () => {
    const source = await makePlaybook();
    const res = await server.post(
      "/admin/playbooks",
      { intent: "duplicate", playbookId: source, name: "Duplicated over HTTP" },
      { cookie: admin },
    );
    expect(res.status).toBe(200);
    const [copy] = await named("Duplicated over HTTP");
    expect((await readPlaybookDraft(db(), copy!.id)).stages).toEqual((await readPlaybookDraft(db(), source)).stages);
  });

  it("archives only once confirmed, hides it from new accounts, and brings it back", async () => {
    const playbookId = await makePlaybook();
    const name = await nameOf(playbookId);
    const unconfirmed = await server.post("/admin/playbooks", { intent: "archive", playbookId }, { cookie: admin });
    expect(unconfirmed.status).toBe(400);
    expect(await text(unconfirmed)).toContain("Confirm first");
    expect((await named(name))[0]!.archived_at).toBeNull();

    const res = await server.post(
      "/admin/playbooks",
      { intent: "archive", playbookId, confirm: "yes" },
      { cookie: admin },
    );
    expect(res.status).toBe(200);
    expect(await text(res)).toContain(`Archived "${name}". It is no longer offered for new journeys`);
    expect(await text(await server.get("/csm/accounts/new", csm))).not.toContain(name);

    const back = await server.post("/admin/playbooks", { intent: "unarchive", playbookId }, { cookie: admin });
    expect(back.status).toBe(200);
    expect(await text(await server.get("/csm/accounts/new", csm))).toContain(name);
  });

  it("refuses every write from a CSM or a viewer with a 403 and changes nothing", async () => {
    const playbookId = await makePlaybook();
    for (const cookie of [csm, viewer]) {
      for (const body of <Record<string, string>[]>[
        { intent: "create", name: "Refused playbook" },
        { intent: "duplicate", playbookId, name: "Refused playbook" },
        { intent: "archive", playbookId, confirm: "yes" },
      ]) {
        expect((await server.post("/admin/playbooks", body, { cookie })).status).toBe(403);
      }
    }
    expect(await named("Refused playbook")).toEqual([]);
    expect((await named(await nameOf(playbookId)))[0]!.archived_at).toBeNull();
  });
});

describe("/admin/playbooks/:id", () => {
  it("shows admins the editor and the publish form; CSMs and viewers the preview only", async () => {
    const playbookId = await makePlaybook();
    const asAdmin = await text(await server.get(`/admin/playbooks/${playbookId}`, admin));
    expect(asAdmin).toContain("Save draft");
    expect(asAdmin).toContain("Publish version 2");
    expect(asAdmin).toContain('value="Purchase"');
    for (const cookie of [csm, viewer]) {
      const html = await text(await server.get(`/admin/playbooks/${playbookId}`, cookie));
      expect(html).toContain('data-testid="playbook-preview"');
      expect(html).not.toContain("Save draft");
      expect(html).not.toContain("Publish version");
    }
    expect((await server.get("/admin/playbooks/not-a-uuid", admin)).status).toBe(404);
    expect((await server.get("/admin/playbooks/00000000-0000-4000-8000-000000000000", admin)).status).toBe(404);
  });

  it("previews the draft as the customer sees it: internal steps are left out", async () => {
    const playbookId = await makePlaybook();
    const o = await opened(playbookId);
    o.form.stages[0]!.milestones[1]!.title = "Staff-only handoff review";
    o.form.stages[0]!.milestones[1]!.visibility = "internal";
    o.form.stages[0]!.description = "What the customer reads first.";
    expect((await server.post(`/admin/playbooks/${playbookId}`, saveBody(o), { cookie: admin })).status).toBe(200);
    const html = await text(await server.get(`/admin/playbooks/${playbookId}`, csm));
    const preview = html.slice(html.indexOf('data-testid="playbook-preview"'), html.indexOf('id="versions-heading"'));
    expect(preview).toContain("1. Purchase");
    expect(preview).toContain("What the customer reads first.");
    expect(preview).toContain("Sign contract");
    expect(preview).toContain("Due the day the journey starts · Your team");
    expect(preview).not.toContain("Staff-only handoff review");
  });

  it("saves the draft, then publishes it as version 2; a second publish says nothing changed", async () => {
    const playbookId = await makePlaybook();
    const path = `/admin/playbooks/${playbookId}`;
    const nothing = await server.post(path, { intent: "publish", note: "No change" }, { cookie: admin });
    expect(nothing.status).toBe(400);
    expect(await text(nothing)).toContain("Nothing changed since version 1.");

    const o = await opened(playbookId);
    o.form.stages[0]!.name = "Buying";
    const saved = await server.post(path, saveBody(o), { cookie: admin });
    expect(saved.status).toBe(200);
    expect(await text(saved)).toContain("Draft saved. It is not live: publish it to make a new version.");
    expect(await versions(playbookId)).toHaveLength(1);

    const noNote = await server.post(path, { intent: "publish", note: "  " }, { cookie: admin });
    expect(noNote.status).toBe(400);
    expect(await text(noNote)).toContain("Write a short note on what changed");
    const published = await server.post(path, { intent: "publish", note: "First stage renamed." }, { cookie: admin });
    expect(published.status).toBe(200);
    expect(await text(published)).toContain("Published version 2.");
    expect(await versions(playbookId)).toHaveLength(2);
    const again = await server.post(path, { intent: "publish", note: "Again" }, { cookie: admin });
    expect(again.status).toBe(400);
    expect(await text(again)).toContain("Nothing changed since version 2.");
  });

  it("answers a draft with bad fields with a 400 and their messages, and writes nothing", async () => {
    const playbookId = await makePlaybook();
    const before = await readPlaybookDraftRaw(db(), playbookId);
    const o = await opened(playbookId);
    o.form.stages[1]!.name = "";
    o.form.stages[0]!.milestones[0]!.resources[0]!.url = "javascript:alert(1)";
    const res = await server.post(`/admin/playbooks/${playbookId}`, saveBody(o), { cookie: admin });
    expect(res.status).toBe(400);
    const html = await text(res);
    expect(html).toContain("Nothing was saved: 2 fields need a change.");
    expect(html).toContain("The URL must start with http:// or https://.");
    expect(await readPlaybookDraftRaw(db(), playbookId)).toEqual(before);
  });

  it("refuses an unreadable draft with a 400, and a stale one with a 409", async () => {
    const playbookId = await makePlaybook();
    const path = `/admin/playbooks/${playbookId}`;
    const before = await readPlaybookDraftRaw(db(), playbookId);
    for (const document of ["{not json", JSON.stringify({ name: "x", stages: "none" })]) {
      const res = await server.post(path, { intent: "save", draftVersion: "x", document }, { cookie: admin });
      expect(res.status).toBe(400);
      expect(await text(res)).toContain("The draft could not be read; reload the page and try again.");
    }
    const o = await opened(playbookId);
    o.form.stages[0]!.name = "Stale";
    const res = await server.post(path, { ...saveBody(o), draftVersion: "an-older-draft" }, { cookie: admin });
    expect(res.status).toBe(409);
    expect(await text(res)).toContain("Someone saved this draft after you opened it");
    expect(await readPlaybookDraftRaw(db(), playbookId)).toEqual(before);
  });

  it("takes a large draft in one save", async () => {
    const playbookId = await makePlaybook();
    const o = await opened(playbookId);
    const long = "A long description a customer reads. ".repeat(100).slice(0, 3900);
    const last = o.form.stages[3]!;
    for (let i = 1; i <= 10; i++)
      last.milestones.push({ ...last.milestones[0]!, id: `extra-${i}`, key: "", title: `Extra ${i}` });
    for (const stage of o.form.stages) {
      stage.description = long;
      for (const m of stage.milestones) m.description = long;
    }
    const body = saveBody(o);
    expect(new URLSearchParams(body).toString().length).toBeGreaterThan(64 * 1024);
    const res = await server.post(`/admin/playbooks/${playbookId}`, body, { cookie: admin });
    expect(res.status).toBe(200);
    const draft = await readPlaybookDraft(db(), playbookId);
    expect(draft.stages[3]!.milestones).toHaveLength(12);
    expect(draft.stages[3]!.milestones[11]).toMatchObject({ key: "extra-10", description: long });
  });

  it("refuses saves and publishes from CSMs and viewers with a 403", async () => {
    const playbookId = await makePlaybook();
    const path = `/admin/playbooks/${playbookId}`;
    const o = await opened(playbookId);
    o.form.stages[0]!.name = "By a CSM";
    for (const cookie of [csm, viewer]) {
      expect((await server.post(path, saveBody(o), { cookie })).status).toBe(403);
      expect((await server.post(path, { intent: "publish", note: "Nope" }, { cookie })).status).toBe(403);
    }
    expect((await readPlaybookDraft(db(), playbookId)).stages[0]!.name).toBe("Purchase");
    expect(await versions(playbookId)).toHaveLength(1);
  });
});
