// The journey map and the stage emails pages over HTTP: who reads and who edits,
// the version in the address, 400s with a message for a bad address or bad
// words (nothing saved), and the preview that renders typed words unsaved.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readPlaybookDraft } from "~/modules/playbooks/read-playbook-draft.server";
import { db, makeAccount, makePlaybook, makeStaff, sessionCookie, smallPlaybook } from "./factories";
import { startTestServer, type TestServer } from "./helpers/http";

let server: TestServer;
let playbookId: string;
const cookies: Record<"admin" | "csm" | "viewer" | "customer", string> = {} as never;

beforeAll(async () => {
  server = await startTestServer();
  const pb = smallPlaybook();
  pb.stages[1]!.email = { subject: "Onboarding for {account}", intro: "Words of the demo." };
  playbookId = await makePlaybook(pb);
  const admin = await makeStaff({ role: "admin" });
  const csm = await makeStaff();
  const viewer = await makeStaff({ role: "viewer", fn: null });
  const acct = await makeAccount({ csmId: csm.id, playbookId });
  cookies.admin = await sessionCookie(admin.id);
  cookies.csm = await sessionCookie(csm.id);
  cookies.viewer = await sessionCookie(viewer.id);
  cookies.customer = await sessionCookie(acct.contacts[0]!.id);
});

afterAll(async () => {
  await server?.close();
});

const draftWords = async () =>
  (await readPlaybookDraft(db(), playbookId)).stages.find((s) => s.key === "onboarding")!.email;

describe("the journey map", () => {
  it("is read by every staff member, with each stage's goal, lanes and touchpoints; customers find nothing", async () => {
    for (const who of ["admin", "csm", "viewer"] as const) {
      const res = await server.get(`/admin/playbooks/${playbookId}/map`, cookies[who]);
      expect(res.status, who).toBe(200);
      const html = await res.text();
      expect(html).toContain("Journey map:");
      expect(html).toContain("Version 1");
      expect(html).toContain("Onboarding for [account name]");
      expect(html).toContain("Sales handoff");
      expect(html).toContain("Touchpoints");
    }
    expect((await server.get(`/admin/playbooks/${playbookId}/map`, cookies.customer)).status).toBe(404);
    expect((await server.get(`/admin/playbooks/${playbookId}/map`)).status).toBe(302);
  });

  it("shows version N or the draft when asked, and answers a bad address with a 400 that says why", async () => {
    expect((await server.get(`/admin/playbooks/${playbookId}/map?version=1`, cookies.csm)).status).toBe(200);
    const draft = await server.get(`/admin/playbooks/${playbookId}/map?draft=1`, cookies.csm);
    expect(draft.status).toBe(200);
    expect(await draft.text()).toContain("The draft: what the next version will hold.");
    const bad: [string, string][] = [
      ["?version=abc", "The version is a whole number from 1"],
      ["?version=0", "The version is a whole number from 1"],
      ["?draft=yes", "Write ?draft=1 to see the draft."],
      ["?version=1&draft=1", "Choose a version or the draft, not both."],
      ["?version=1&version=2", "twice. Give it once."],
    ];
    for (const [q, message] of bad) {
      const res = await server.get(`/admin/playbooks/${playbookId}/map${q}`, cookies.csm);
      expect(res.status, q).toBe(400);
      expect(await res.text(), q).toContain(message);
    }
    expect((await server.get(`/admin/playbooks/${playbookId}/map?version=7`, cookies.csm)).status).toBe(404);
    expect((await server.get("/admin/playbooks/not-a-playbook/map", cookies.csm)).status).toBe(404);
  });
});

describe("the stage emails page", () => {
  const page = (q = "") => `/admin/playbooks/${playbookId}/emails${q}`;

  it("shows each stage's email rendered by its template, to every staff member", async () => {
    for (const who of ["admin", "csm", "viewer"] as const) {
      const res = await server.get(page("?stage=onboarding"), cookies[who]);
      expect(res.status, who).toBe(200);
      const html = await res.text();
      expect(html).toContain("Onboarding for Northwind Traders");
      // The preview is the template's own HTML, in a sandboxed frame's srcdoc.
      expect(html).toMatch(/<iframe[^>]*sandbox="allow-popups allow-popups-to-escape-sandbox"[^>]*srcDoc|srcdoc=/i);
      expect(html.includes('name="subject"')).toBe(who === "admin");
    }
    expect((await server.get(page(), cookies.customer)).status).toBe(404);
    expect((await server.get(page("?stage=Not A Key"), cookies.admin)).status).toBe(400);
    expect((await server.get(page("?stage=no-such-stage"), cookies.admin)).status).toBe(404);
    expect((await server.get(page("?version=1&stage=onboarding"), cookies.admin)).status).toBe(200);
  });

  it("lets an admin save the draft's words; refuses CSMs, viewers and bad words, saving nothing", async () => {
    const before = await draftWords();
    for (const who of ["csm", "viewer"] as const) {
      const res = await server.post(
        page(),
        { intent: "save", stage: "onboarding", subject: "Changed", intro: "Changed" },
        { cookie: cookies[who] },
      );
      expect(res.status, who).toBe(403);
    }
    const customer = await server.post(
      page(),
      { intent: "save", stage: "onboarding", subject: "Changed", intro: "Changed" },
      { cookie: cookies.customer },
    );
    expect(customer.status).toBe(404);
    const badPlaceholder = await server.post(
      page(),
      { intent: "save", stage: "onboarding", subject: "Hi {acount}", intro: "Words" },
      { cookie: cookies.admin },
    );
    expect(badPlaceholder.status).toBe(400);
    expect(await badPlaceholder.text()).toContain("The subject uses {acount}, which is not a placeholder");
    const noIntro = await server.post(
      page(),
      { intent: "save", stage: "onboarding", subject: "Only a subject", intro: "" },
      { cookie: cookies.admin },
    );
    expect(noIntro.status).toBe(400);
    expect(await noIntro.text()).toContain("The introduction can&#x27;t be empty.");
    expect((await server.post(page(), { intent: "save" }, { cookie: cookies.admin })).status).toBe(400);
    expect(
      (
        await server.post(
          page(),
          { intent: "save", stage: "nope", subject: "A", intro: "B" },
          { cookie: cookies.admin },
        )
      ).status,
    ).toBe(404);
    expect(await draftWords()).toEqual(before);

    const saved = await server.post(
      page(),
      { intent: "save", stage: "onboarding", subject: "Saved over HTTP, {account}", intro: "New words." },
      { cookie: cookies.admin },
    );
    expect(saved.status).toBe(200);
    expect(await draftWords()).toEqual({ subject: "Saved over HTTP, {account}", intro: "New words." });
    // The published version is untouched: the map's default still shows version 1's words.
    expect(await (await server.get(`/admin/playbooks/${playbookId}/map`, cookies.csm)).text()).toContain(
      "Onboarding for [account name]",
    );
  });

  it("previews typed words with the template without saving them", async () => {
    const before = await draftWords();
    const res = await server.post(
      page("?stage=onboarding"),
      { intent: "preview", stage: "onboarding", subject: "Typed, not saved, {account}", intro: "Typed words." },
      { cookie: cookies.admin },
    );
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Typed, not saved, Northwind Traders");
    expect(html).toContain("Typed words.");
    expect(await draftWords()).toEqual(before);
    const refused = await server.post(
      page(),
      { intent: "preview", stage: "onboarding", subject: "x", intro: "y" },
      { cookie: cookies.csm },
    );
    expect(refused.status).toBe(403);
  });

  it("clears a stage back to the generic words when an admin confirms", async () => {
    const res = await server.post(page(), { intent: "clear", stage: "onboarding" }, { cookie: cookies.admin });
    expect(res.status).toBe(200);
    expect(await draftWords()).toBeUndefined();
    expect(await (await server.get(page("?stage=onboarding"), cookies.admin)).text()).toContain(
      "Your journey moves on: Onboarding",
    );
  });
});
