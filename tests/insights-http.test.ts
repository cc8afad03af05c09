// The insights page and its CSV export over HTTP (issue 13): a CSM sees only their accounts'
// figures, an admin everyone's, a bad filter is a 400 that says why, and the CSV is quoted and
// safe to open in a spreadsheet.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csvCell, tableToCsv } from "~/modules/insights/insights-tables";
import { importPlaybook } from "~/modules/playbooks/import-playbook.server";
import { playbookDocumentSchema } from "~/modules/playbooks/playbook-document";
import { publishPlaybook } from "~/modules/playbooks/publish-playbook.server";
import { db, makeAccount, makePlaybook, makeStaff, sessionCookie, smallPlaybook } from "./factories";
import { startTestServer, type TestServer } from "./helpers/http";

let server: TestServer;
let versions: { playbookId: string; v1: string; v2: string };
const names = {
  mine: `Mine ${Date.now()} Ltd`,
  theirs: `Theirs ${Date.now()} Ltd`,
  formula: `=HYPERLINK("http://x.test", "a, b") ${Date.now()}`,
};
const cookies: Record<"csm" | "otherCsm" | "admin" | "customer", string> = {
  csm: "",
  otherCsm: "",
  admin: "",
  customer: "",
};

beforeAll(async () => {
  server = await startTestServer();
  const seed = smallPlaybook();
  const playbookId = await makePlaybook(seed);
  const csm = await makeStaff({ role: "csm" });
  const other = await makeStaff({ role: "csm" });
  const admin = await makeStaff({ role: "admin" });
  const mine = await makeAccount({ csmId: csm.id, playbookId, name: names.mine, startedOn: "2026-01-05" });
  await makeAccount({ csmId: other.id, playbookId, name: names.theirs, startedOn: "2026-01-05" });
  await makeAccount({ csmId: csm.id, playbookId, name: names.formula, startedOn: "2026-01-05" });
  const second = { ...seed, stages: seed.stages.map((st, i) => (i === 0 ? { ...st, expectedDays: 9 } : st)) };
  await importPlaybook(db(), playbookDocumentSchema.parse(second));
  await publishPlaybook(db(), { playbookId, note: "Second version." }, new Date());
  const vs = await db()
    .selectFrom("playbook_versions")
    .select(["id", "number"])
    .where("playbook_id", "=", playbookId)
    .orderBy("number")
    .execute();
  versions = { playbookId, v1: vs[0].id, v2: vs[1].id };
  cookies.csm = await sessionCookie(csm.id);
  cookies.otherCsm = await sessionCookie(other.id);
  cookies.admin = await sessionCookie(admin.id);
  cookies.customer = await sessionCookie(mine.contacts[0].id);
}, 60_000);

afterAll(() => server?.close());

const html = (s: string) =>
  s.replaceAll("<!-- -->", "").replaceAll("&quot;", '"').replaceAll("&#x27;", "'").replaceAll("&amp;", "&");

describe("insights page", () => {
  it("shows a CSM their accounts' figures and never another CSM's", async () => {
    const res = await server.get("/insights", cookies.csm);
    expect(res.status).toBe(200);
    const body = html(await res.text());
    expect(body).toContain(names.mine);
    expect(body).not.toContain(names.theirs);
    for (const heading of [
      "Stage funnel",
      "Health per account",
      "Time to first value",
      "Bottlenecks",
      "Delay by side",
    ]) {
      expect(body).toContain(heading);
    }
    expect(body).toContain('scope="col"');
    expect(body).toContain('role="img"');
    const other = html(await (await server.get("/insights", cookies.otherCsm)).text());
    expect(other).toContain(names.theirs);
    expect(other).not.toContain(names.mine);
  });

  it("shows an admin every account", async () => {
    const body = html(await (await server.get("/insights", cookies.admin)).text());
    expect(body).toContain(names.mine);
    expect(body).toContain(names.theirs);
  });

  it("is not there for a customer", async () => {
    expect((await server.get("/insights", cookies.customer)).status).toBe(404);
    expect((await server.get("/insights.csv?panel=health", cookies.customer)).status).toBe(404);
  });

  it("answers a bad filter with a 400 that names the problem", async () => {
    const month = await server.get("/insights?cohort=2026-13", cookies.admin);
    expect(month.status).toBe(400);
    expect(await month.text()).toContain("The cohort is a month like 2026-03.");
    const period = await server.get("/insights?periodFrom=2026-03-10&periodTo=2026-03-01", cookies.admin);
    expect(period.status).toBe(400);
    expect(html(await period.text())).toContain("The period's start must not be after its end.");
    const unknown = await server.get("/insights?colour=red", cookies.admin);
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain("Unknown filter: colour.");
    const compare = await server.get(`/insights?compare=${crypto.randomUUID()}`, cookies.admin);
    expect(compare.status).toBe(400);
    expect(await compare.text()).toContain("choose a playbook and one of its versions first");
  });
});

describe("versions compared", () => {
  it("shows two versions of the playbook side by side, with the CSM's accounts only", async () => {
    const { playbookId, v1, v2 } = versions;
    const res = await server.get(`/insights?playbookId=${playbookId}&versionId=${v1}&compare=${v2}`, cookies.csm);
    expect(res.status).toBe(200);
    const body = html(await res.text());
    expect(body).toContain("Version 1 and version 2 compared");
    expect(body).toContain("Version 1: Stage funnel");
    expect(body).toContain("Version 2: Stage funnel");
    // Version 1 holds the CSM's two accounts: both On track or counted somewhere in the three healths.
    const healthRow = /<th scope="row"[^>]*>(On track|Behind|Stuck)<\/th><td[^>]*>(\d+)<\/td><td[^>]*>(\d+)<\/td>/g;
    const counts = [...body.matchAll(healthRow)].map((m) => [Number(m[2]), Number(m[3])]);
    expect(counts).toHaveLength(3);
    expect(counts.reduce((s, [a]) => s + a, 0)).toBe(2);
    expect(counts.reduce((s, [, b]) => s + b, 0)).toBe(0);
  });

  it("refuses comparing a version with itself", async () => {
    const { playbookId, v1 } = versions;
    const res = await server.get(`/insights?playbookId=${playbookId}&versionId=${v1}&compare=${v1}`, cookies.admin);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Choose two different versions to compare.");
  });
});

describe("insights CSV", () => {
  it("exports a table for the same person and filter, quoted and formula-safe", async () => {
    const res = await server.get("/insights.csv?panel=health", cookies.csm);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="waypoint-insights-health.csv"');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = new TextDecoder().decode(bytes);
    expect(csv.split("\r\n")[0]).toBe("Account,Health,Stage,Days in stage,Expected days,Days since a step was done");
    expect(csv).toContain(names.mine);
    expect(csv).not.toContain(names.theirs);
    expect(csv).toContain(`"'${names.formula.replaceAll('"', '""')}"`);
  });

  it("refuses an unknown panel and a bad filter with a 400", async () => {
    const panel = await server.get("/insights.csv?panel=everything", cookies.admin);
    expect(panel.status).toBe(400);
    expect(await panel.text()).toContain("panel is one of");
    expect((await server.get("/insights.csv?panel=funnel&segment=", cookies.admin)).status).toBe(200);
    expect((await server.get("/insights.csv?panel=funnel&cohort=May", cookies.admin)).status).toBe(400);
  });

  it("quotes cells and defuses formulas", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell('say "hi", then')).toBe('"say ""hi"", then"');
    expect(csvCell("line\nbreak")).toBe('"line\nbreak"');
    for (const lead of ["=", "+", "-", "@"]) expect(csvCell(`${lead}1+1`)).toBe(`'${lead}1+1`);
    expect(csvCell("–")).toBe("–");
    expect(tableToCsv({ panel: "nps", title: "t", caption: "c", columns: ["A", "B"], rows: [["x", "=1"]] })).toBe(
      "A,B\r\nx,'=1\r\n",
    );
  });
});
