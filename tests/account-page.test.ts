// The staff's account page (ADR 032): every step is a compact line with a link to its one edit
// panel (`?edit=`), the panel's forms exist only for that step, and the timeline shows its newest
// entries with a link to all (`?events=all`). Bad query values answer 400, a step of another
// account 404.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TIMELINE_SHOWN } from "~/modules/journeys/account-page.server";
import { addMilestoneNote } from "~/modules/journeys/add-milestone-note.server";
import { completeMilestone } from "~/modules/journeys/complete-milestone.server";
import { db, makeAccount, makePlaybook, makeStaff, sessionCookie, type TestAccount } from "./factories";
import { startTestServer, type TestServer } from "./helpers/http";

let server: TestServer;
let acct: TestAccount;
let other: TestAccount;
let csm: string;
let viewer: string;
let path: string;

beforeAll(async () => {
  server = await startTestServer();
  const staff = await makeStaff({ name: "Lena Lines" });
  const playbookId = await makePlaybook();
  acct = await makeAccount({ csmId: staff.id, playbookId, contacts: 3 });
  other = await makeAccount({ csmId: staff.id, playbookId });
  csm = await sessionCookie(staff.id);
  viewer = await sessionCookie((await makeStaff({ role: "viewer" })).id);
  path = `/csm/accounts/${acct.accountId}`;
});
afterAll(async () => {
  await server?.close();
});

/** The page's markup without the comments React puts between pieces of text. */
const read = async (res: Response) => (await res.text()).replace(/<!-- -->/g, "");
const page = async (query: string, cookie = csm) => {
  const res = await server.get(`${path}${query}`, cookie);
  return { status: res.status, html: await read(res) };
};
const count = (html: string, needle: string | RegExp) =>
  typeof needle === "string" ? html.split(needle).length - 1 : [...html.matchAll(needle)].length;

describe("the steps as lines and one edit panel", () => {
  it("lists every step with an edit link and no edit forms; the owner list is sent once, for adding a step", async () => {
    const { status, html } = await page("");
    expect(status).toBe(200);
    for (const [title, id] of Object.entries(acct.m)) {
      expect(html).toContain(`href="${path}?edit=${id}#milestone-${id}"`);
      // The link's name says which step it edits.
      expect(html).toContain(`Edit<span class="sr-only"> &quot;${title}&quot;</span>`);
    }
    expect(html).not.toContain('data-testid="edit-panel"');
    expect(html).not.toContain('name="note"');
    expect(html).not.toContain("Mark not applicable");
    // One owner list on the page (the add-a-step form), not one per step.
    expect(count(html, /<select[^>]*name="ownerId"/g)).toBe(1);
    expect(html).toContain("Mark &quot;Sign contract&quot; as done");
  });

  it("?edit= opens the panel for that step only, with every change it offers", async () => {
    const kickoff = acct.m.Kickoff;
    const { status, html } = await page(`?edit=${kickoff}`);
    expect(status).toBe(200);
    expect(count(html, 'data-testid="edit-panel"')).toBe(1);
    expect(html).toContain("Edit &quot;Kickoff&quot;");
    expect(html).toContain(`id="owner-${kickoff}"`);
    expect(html).toContain(`id="due-${kickoff}"`);
    expect(html).toContain(`id="note-${kickoff}"`);
    expect(html).toContain(`id="reason-${kickoff}"`);
    expect(html).toContain("Kickoff, described.");
    // No other step's forms; the panel's step has no edit link of its own, but one to close.
    expect(count(html, /id="owner-[0-9a-f-]{36}"/g)).toBe(1);
    expect(html).not.toContain(`href="${path}?edit=${kickoff}#`);
    // Closing keeps the stage holding the step open (`?step=`), wherever the stage is folded.
    expect(html).toContain(`href="${path}?step=${kickoff}#milestone-${kickoff}"`);
    expect(count(html, /<select[^>]*name="ownerId"/g)).toBe(2);
  });

  it("a stage finished before today is one line that opens by its link; opened, its steps keep their edit links", async () => {
    const staff = await makeStaff();
    const days = (n: number) => new Date(Date.now() - n * 86_400_000);
    const a = await makeAccount({ csmId: staff.id, playbookId: await makePlaybook(), now: days(10) });
    const actor = { id: staff.id, role: "csm" as const, accountId: null };
    for (const title of ["Sign contract", "Sales handoff"]) await completeMilestone(db(), actor, a.m[title], days(3));
    const cookie = await sessionCookie(staff.id);
    const at = `/csm/accounts/${a.accountId}`;
    const section = (html: string) => html.slice(html.indexOf('<section id="stage-1"'), html.indexOf('id="stage-2"'));

    const folded = section(await read(await server.get(at, cookie)));
    expect(folded).toContain(`href="${at}?stage=1#stage-1"`);
    expect(folded).toMatch(/Done on [^<]+ · 3 steps/);
    expect(folded).not.toContain("Sign contract");
    expect(folded).not.toContain("<details");
    // Nor is it sent: the page's data has no lines for it.
    const data = await (await server.get(`${at}.data`, cookie)).text();
    expect(data).not.toContain(a.m["Sign contract"]);

    const opened = section(await read(await server.get(`${at}?stage=1`, cookie)));
    expect(opened).toContain(`href="${at}#stage-1"`);
    expect(opened).toContain("Hide the steps");
    expect(opened).toContain("Reopen &quot;Sign contract&quot;");
    // An email's link to a step (`?step=`) opens the stage that holds it, without an edit panel.
    const linked = section(await read(await server.get(`${at}?step=${a.m["Sign contract"]}`, cookie)));
    expect(linked).toContain(`id="milestone-${a.m["Sign contract"]}"`);
    expect(linked).not.toContain('data-testid="edit-panel"');
    expect((await server.get(`${at}?step=nope`, cookie)).status).toBe(400);
    // Opened, the stage stays open on the page's own links: edit, and the edit panel's close.
    expect(opened).toContain(`?edit=${a.m["Sign contract"]}&amp;stage=1#milestone-`);
    const panel = await read(await server.get(`${at}?edit=${a.m["Sign contract"]}&stage=1`, cookie));
    expect(panel).toContain(`?stage=1&amp;step=${a.m["Sign contract"]}#milestone-`);
    // A step's edit link opens the stage that holds it, as before.
    const editing = section(await read(await server.get(`${at}?edit=${a.m["Sales handoff"]}`, cookie)));
    expect(editing).toContain(`id="owner-${a.m["Sales handoff"]}"`);

    expect((await server.get(`${at}?stage=first`, cookie)).status).toBe(400);
    expect((await server.get(`${at}?stage=0`, cookie)).status).toBe(400);
    // A number the journey does not have opens nothing.
    expect(section(await read(await server.get(`${at}?stage=40`, cookie)))).not.toContain("Sign contract");
  });

  it("a step in a folded finished stage opens its stage", async () => {
    const staff = await makeStaff();
    const a = await makeAccount({ csmId: staff.id, playbookId: await makePlaybook() });
    const cookie = await sessionCookie(staff.id);
    const at = `/csm/accounts/${a.accountId}`;
    for (const title of ["Sign contract", "Sales handoff"]) {
      const r = await server.post(at, { intent: "complete", milestoneId: a.m[title] }, { cookie });
      expect(r.status).toBe(200);
    }
    const folded = await read(await server.get(at, cookie));
    expect(folded).toMatch(/<section id="stage-1"[^>]*><details class=/);
    const opened = await (await server.get(`${at}?edit=${a.m["Sign contract"]}`, cookie)).text();
    expect(opened).toMatch(/<section id="stage-1"[^>]*><details open="" class=/);
    expect(opened).toContain(`id="owner-${a.m["Sign contract"]}"`);
  });

  it("a viewer gets lines without edit links or panels", async () => {
    const { status, html } = await page(`?edit=${acct.m.Kickoff}`, viewer);
    expect(status).toBe(200);
    expect(html).not.toContain("?edit=");
    expect(html).not.toContain('data-testid="edit-panel"');
    expect(html).not.toContain('name="ownerId"');
  });

  it("a saved change answers as before, and the panel still shows the step", async () => {
    const kickoff = acct.m.Kickoff;
    const res = await server.post(
      `${path}?edit=${kickoff}`,
      { intent: "note", milestoneId: kickoff, note: "Booked." },
      { cookie: csm },
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Note added.");
  });
});

describe("the timeline", () => {
  it(`shows the newest ${TIMELINE_SHOWN} entries and links to all of them`, async () => {
    const staff = await makeStaff();
    const a = await makeAccount({ csmId: staff.id, playbookId: await makePlaybook() });
    const cookie = await sessionCookie(staff.id);
    const actor = { id: staff.id, role: "csm" as const, accountId: null };
    const at = `/csm/accounts/${a.accountId}`;
    const entries = (html: string) => {
      const list = html.slice(html.indexOf('data-testid="timeline"'));
      return list.slice(0, list.indexOf("</ol>")).match(/noted on &quot;Kickoff&quot;: Call (\d+)/g) ?? [];
    };
    // The journey's start wrote one stage entry; with 5 notes, everything fits.
    for (let i = 1; i <= 5; i++) await addMilestoneNote(db(), actor, a.m.Kickoff, `Call ${i}`, new Date());
    let html = await read(await server.get(at, cookie));
    expect(entries(html)).toHaveLength(5);
    expect(html).not.toContain("Show the whole timeline");

    for (let i = 6; i <= 30; i++) {
      await addMilestoneNote(db(), actor, a.m.Kickoff, `Call ${i}`, new Date(Date.now() + i * 1000));
    }
    html = await read(await server.get(at, cookie));
    const shown = entries(html);
    expect(shown).toHaveLength(TIMELINE_SHOWN);
    expect(shown[0]).toContain("Call 30");
    expect(shown.at(-1)).toContain(`Call ${31 - TIMELINE_SHOWN}`);
    expect(html).toContain(`href="${at}?events=all#timeline-h"`);

    html = await read(await server.get(`${at}?events=all`, cookie));
    expect(entries(html)).toHaveLength(30);
    expect(html).toContain(`Show the latest ${TIMELINE_SHOWN} only`);
    expect(html).not.toContain("Show the whole timeline");
    // The edit link keeps the whole timeline.
    expect(html).toContain(`href="${at}?edit=${a.m.Kickoff}&amp;events=all#milestone-${a.m.Kickoff}"`);
  });
});

describe("the address", () => {
  it("bad values answer 400 with a message, a step of another account 404", async () => {
    const bad: [string, string][] = [
      ["?edit=42", "not a step"],
      ["?edit=kickoff", "not a step"],
      ["?events=some", "which events"],
      [`?edit=${acct.m.Kickoff}&edit=${acct.m.Survey}`, "twice"],
    ];
    for (const [query, says] of bad) {
      const r = await page(query);
      expect(r.status, query).toBe(400);
      expect(r.html.toLowerCase(), query).toContain(says);
    }
    expect((await page(`?edit=${other.m.Kickoff}`)).status).toBe(404);
    expect((await page("?edit=6f1c2f4e-3a1b-4c2d-8e9f-0a1b2c3d4e5f")).status).toBe(404);
    for (const query of ["", "?events=all", `?edit=${acct.m.Survey}&events=all`, "?edit=&events="]) {
      expect((await page(query)).status, query).toBe(200);
    }
  });
});
