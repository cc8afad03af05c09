// The living map over HTTP (issue 13, ADR 043): the journey map of a published version with the
// insights figures of its journeys laid over each stage and milestone, worked out by hand below,
// for an admin (every account) and for a CSM (only their own: never another CSM's figures).
//
// The server reads `now` itself, so every date is counted back from today (UTC, each account in
// UTC): "T-8" is eight days before today, and each event happens at 10:00 that day.
//
// Playbook, version 1:
//   Start (expected 5 days): Kickoff (vendor, due +2), Connect data (customer, due +4)
//   Live (expected 12 days): Go live (customer, due +20), Review (vendor, due +25)
// Version 2 is the same with Start expecting 3 days.
//
// Maya's accounts on version 1:
//   A: started T-30. Kickoff done T-29 (due T-28, on time). Connect done T-22 (due T-26, late); it
//      closed Start last: Start took 8 days. Go live done T-3 (due T-10, late). In Live for
//      22 days: over 12, not over 24, something done 3 days ago -> Behind.
//   B: started T-16. Kickoff done T-15 (due T-14, on time). Connect done T-10 (due T-12, late), last
//      in Start: 6 days. In Live 10 days of 12, done 10 days ago -> On track.
//   C: started T-12, nothing done: in Start 12 days, over twice 5 -> Stuck.
// Diego's account on version 1:
//   D: started T-13. Kickoff done T-12 (on time). Connect done T-3 (due T-9, late), last in Start:
//      10 days. In Live 3 days -> On track.
// Maya's account on version 2:
//   E: started T-5, nothing done. Not on version 1's map at all.
// Stage survey answers (Start): A 4 confident, B 2 frustrated, D 1 frustrated.
//
// Version 1 for the admin: Start entered 4, completed 3 (75%), days [6, 8, 10]: median 8.0, p75 9.0;
//   in Start now C (stuck); Live entered 3, completed 0, now A behind, B and D on track.
//   CSAT (4 + 2 + 1) / 3 = 2.33 from 3 answers; frustrated twice.
//   Kickoff on time 3 of 3; Connect data on time 0 of 3, held its stage 3 times; Go live 0 of 1.
// Version 1 for Maya: Start entered 3, completed 2 (67%), days [6, 8]: median 7.0, p75 7.5;
//   Live entered 2, now A behind, B on track. CSAT (4 + 2) / 2 = 3.00; frustrated and confident once each (named
//   in the scale's order).
//   Kickoff on time 2 of 2; Connect data 0 of 2, held its stage 2 times.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { completeMilestone } from "~/modules/journeys/complete-milestone.server";
import { importPlaybook } from "~/modules/playbooks/import-playbook.server";
import { type PlaybookDocumentInput, playbookDocumentSchema } from "~/modules/playbooks/playbook-document";
import { publishPlaybook } from "~/modules/playbooks/publish-playbook.server";
import { db, makeAccount, makePlaybook, makeStaff, milestoneSeed, sessionCookie, type TestAccount } from "./factories";
import { startTestServer, type TestServer } from "./helpers/http";

const DAY = 86_400_000;
const today = new Date(new Date().toISOString().slice(0, 10));
/** "YYYY-MM-DD" of T-n. */
const day = (n: number) => new Date(today.getTime() - n * DAY).toISOString().slice(0, 10);
const at = (n: number) => new Date(`${day(n)}T10:00:00Z`);

const doc = (name: string, version: 1 | 2): PlaybookDocumentInput => ({
  name,
  description: "",
  stages: [
    {
      key: "start",
      name: "Start",
      description: "",
      expectedDays: version === 1 ? 5 : 3,
      milestones: [
        milestoneSeed("Kickoff", "vendor", "onboarding", 2, true),
        milestoneSeed("Connect data", "customer", "customer", 4, true),
      ],
    },
    {
      key: "live",
      name: "Live",
      description: "",
      expectedDays: 12,
      milestones: [
        milestoneSeed("Go live", "customer", "customer", 20, true),
        milestoneSeed("Review", "vendor", "csm", 25, true),
      ],
    },
  ],
});

let server: TestServer;
let playbookId: string;
let v1: string;
let v2: string;
const cookies: Record<"admin" | "maya" | "diego" | "viewer" | "customer", string> = {} as never;
const names = { mine: `Maya's A ${Date.now()}`, theirs: `Diego's D ${Date.now()}` };

beforeAll(async () => {
  server = await startTestServer();
  const admin = await makeStaff({ role: "admin" });
  const viewer = await makeStaff({ role: "viewer", fn: null });
  const maya = await makeStaff({ role: "csm", name: "Maya Map" });
  const diego = await makeStaff({ role: "csm", name: "Diego Map" });
  const mayaActor = { id: maya.id, role: "csm" as const, accountId: null };
  const diegoActor = { id: diego.id, role: "csm" as const, accountId: null };
  const name = `Living map ${Date.now()}`;
  playbookId = await makePlaybook(doc(name, 1));
  const open = (csmId: string, n: number, accountName?: string) =>
    makeAccount({ csmId, playbookId, startedOn: day(n), now: new Date(`${day(n)}T09:00:00Z`), name: accountName });

  const A = await open(maya.id, 30, names.mine);
  await completeMilestone(db(), mayaActor, A.m.Kickoff, at(29));
  await completeMilestone(db(), mayaActor, A.m["Connect data"], at(22));
  await completeMilestone(db(), mayaActor, A.m["Go live"], at(3));
  const B = await open(maya.id, 16);
  await completeMilestone(db(), mayaActor, B.m.Kickoff, at(15));
  await completeMilestone(db(), mayaActor, B.m["Connect data"], at(10));
  await open(maya.id, 12);
  const D = await open(diego.id, 13, names.theirs);
  await completeMilestone(db(), diegoActor, D.m.Kickoff, at(12));
  await completeMilestone(db(), diegoActor, D.m["Connect data"], at(3));

  await importPlaybook(db(), playbookDocumentSchema.parse(doc(name, 2)));
  await publishPlaybook(db(), { playbookId, note: "Shorter start." }, at(6));
  await open(maya.id, 5);

  const answer = async (j: TestAccount, score: number, feeling: "confident" | "frustrated") => {
    const stage = await db()
      .selectFrom("journey_stages")
      .select("id")
      .where("journey_id", "=", j.journeyId)
      .where("position", "=", 1)
      .executeTakeFirstOrThrow();
    await db()
      .insertInto("pulse_answers")
      .values({
        journey_id: j.journeyId,
        stage_id: stage.id,
        user_id: j.contacts[0].id,
        question: "stage",
        score,
        feeling,
        answered_at: at(2),
      })
      .execute();
  };
  await answer(A, 4, "confident");
  await answer(B, 2, "frustrated");
  await answer(D, 1, "frustrated");

  const versions = await db()
    .selectFrom("playbook_versions")
    .select(["id", "number"])
    .where("playbook_id", "=", playbookId)
    .orderBy("number")
    .execute();
  [v1, v2] = versions.map((v) => v.id);
  cookies.admin = await sessionCookie(admin.id);
  cookies.viewer = await sessionCookie(viewer.id);
  cookies.maya = await sessionCookie(maya.id);
  cookies.diego = await sessionCookie(diego.id);
  cookies.customer = await sessionCookie(A.contacts[0].id);
}, 60_000);

afterAll(() => server?.close());

/** The text a reader gets from an HTML fragment: tags dropped, entities read, spaces folded. */
const text = (html: string) =>
  html
    .replaceAll("<!-- -->", "")
    .replace(/<[^>]+>/g, " ")
    .replaceAll("&#x27;", "'")
    .replaceAll("&quot;", '"')
    .replaceAll("&amp;", "&")
    .replace(/\s+/g, " ")
    .replace(/ ([,:;.)])/g, "$1")
    .replace(/\( /g, "(")
    .trim();

/** The page's figures block of a stage, and the card of a milestone, as text. */
function parts(html: string) {
  const after = (marker: string, end: string) => {
    const from = html.indexOf(marker);
    if (from < 0) return null;
    return text(html.slice(from, html.indexOf(end, from)));
  };
  return {
    stage: (key: string) => after(`data-stage-figures="${key}"`, "data-lane="),
    milestone: (key: string) => after(`data-milestone-key="${key}"`, "</li>"),
    status: after('data-testid="figures-state"', "</p>"),
  };
}

async function map(who: keyof typeof cookies, query = "") {
  const res = await server.get(`/admin/playbooks/${playbookId}/map${query}`, cookies[who]);
  expect(res.status, `${who} ${query}`).toBe(200);
  const html = await res.text();
  return { html, ...parts(html) };
}

describe("the living map", () => {
  it("lays every account's figures of the shown version over each stage and milestone for an admin", async () => {
    // Version 1 is not the latest, so it is asked for; the figures are on unless turned off.
    for (const query of ["?version=1", "?version=1&figures=1"]) {
      const page = await map("admin", query);
      expect(page.status).toContain("the journeys on version 1 of every account");
      expect(page.stage("start")).toContain("In this stage now 1 account: 0 on track, 0 behind, 1 stuck");
      expect(page.stage("start")).toContain("4 entered, 3 completed (75% conversion)");
      expect(page.stage("start")).toContain(
        "median 8.0, 75th percentile 9.0 days; expected 5 days (the median runs over)",
      );
      expect(page.stage("start")).toContain("CSAT 2.33 of 5 from 3 answers; felt most often frustrated (2)");
      expect(page.stage("live")).toContain("3 accounts: 2 on track, 1 behind, 0 stuck");
      expect(page.stage("live")).toContain("3 entered, 0 completed (0% conversion)");
      expect(page.stage("live")).toContain("no completed stay yet; expected 12 days");
      expect(page.stage("live")).toContain("no survey answers yet");
      expect(page.milestone("kickoff")).toContain("On time 3 of 3 (100%)");
      expect(page.milestone("kickoff")).not.toContain("held its stage");
      expect(page.milestone("connect-data")).toContain("On time 0 of 3 (0%) · held its stage 3 times");
      expect(page.milestone("go-live")).toContain("On time 0 of 1 (0%)");
      expect(page.milestone("review")).toContain("None done yet");
      // Each stage links to the same figures on Insights.
      expect(page.html).toContain(`href="/insights?playbookId=${playbookId}&amp;versionId=${v1}"`);
    }
    // A read-only viewer sees every account too.
    expect((await map("viewer", "?version=1")).stage("start")).toContain("4 entered, 3 completed");
  });

  it("shows a CSM only their own accounts' figures, never another CSM's", async () => {
    const maya = await map("maya", "?version=1");
    expect(maya.status).toContain("the journeys on version 1 of your accounts only");
    expect(maya.stage("start")).toContain("1 account: 0 on track, 0 behind, 1 stuck");
    expect(maya.stage("start")).toContain("3 entered, 2 completed (67% conversion)");
    expect(maya.stage("start")).toContain("median 7.0, 75th percentile 7.5 days");
    expect(maya.stage("start")).toContain(
      "CSAT 3.00 of 5 from 2 answers; felt most often frustrated and confident (1)",
    );
    expect(maya.stage("live")).toContain("2 accounts: 1 on track, 1 behind, 0 stuck");
    expect(maya.milestone("kickoff")).toContain("On time 2 of 2 (100%)");
    expect(maya.milestone("connect-data")).toContain("On time 0 of 2 (0%) · held its stage 2 times");
    expect(maya.html).not.toContain(names.theirs);

    const diego = await map("diego", "?version=1");
    expect(diego.stage("start")).toContain("0 accounts");
    expect(diego.stage("start")).toContain("1 entered, 1 completed (100% conversion)");
    expect(diego.stage("start")).toContain("median 10.0, 75th percentile 10.0 days");
    expect(diego.stage("start")).toContain("CSAT 1.00 of 5 from 1 answer; felt most often frustrated (1)");
    expect(diego.stage("live")).toContain("1 account: 1 on track, 0 behind, 0 stuck");
    expect(diego.milestone("connect-data")).toContain("held its stage 1 time");
    expect(diego.milestone("go-live")).toContain("None done yet");
    expect(diego.html).not.toContain(names.mine);
  });

  it("counts only the shown version's journeys", async () => {
    // Version 2 (the latest) holds E alone: 5 days in Start, over 3 but not over 6 -> Behind.
    const page = await map("maya");
    expect(page.status).toContain("version 2");
    expect(page.stage("start")).toContain("1 account: 0 on track, 1 behind, 0 stuck");
    expect(page.stage("start")).toContain("1 entered, 0 completed");
    expect(page.stage("live")).toContain("0 accounts");
    expect(page.milestone("kickoff")).toContain("None done yet");
    expect(page.html).toContain(`versionId=${v2}`);
  });

  it("hides the figures when asked, has none on the draft, and refuses a bad address", async () => {
    const hidden = await map("admin", "?version=1&figures=0");
    expect(hidden.stage("start")).toBeNull();
    expect(hidden.status).toContain("Live figures are hidden.");
    expect(hidden.html).toContain("Show live figures");
    const draft = await map("admin", "?draft=1");
    expect(draft.stage("start")).toBeNull();
    expect(draft.status).toContain("The draft has no live figures");
    for (const [q, message] of [
      ["?draft=1&figures=1", "The draft has no live figures"],
      ["?figures=yes", "Write ?figures=1 to show the live figures"],
    ]) {
      const res = await server.get(`/admin/playbooks/${playbookId}/map${q}`, cookies.admin);
      expect(res.status, q).toBe(400);
      expect(await res.text(), q).toContain(message);
    }
    expect((await server.get(`/admin/playbooks/${playbookId}/map`, cookies.customer)).status).toBe(404);
  });
});
