// Issue 13 §4: "docs/metrics.md defines every figure with its exact formula, and the page links to
// it". The doc is served to staff at /insights/definitions, rendered from the file in the build; every
// panel on /insights links to a heading that exists there; raw HTML in Markdown is shown, never run.
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INSIGHTS_PANELS, METRICS_DEFINITIONS_PATH, PANEL_DEFINITIONS } from "~/modules/insights/insights-tables";
import { metricsDefinitions } from "~/modules/insights/metrics-definitions.server";
import { headingId, renderMetricsDoc } from "~/modules/insights/metrics-doc";
import { makeAccount, makePlaybook, makeStaff, sessionCookie } from "./factories";
import { startTestServer, type TestServer } from "./helpers/http";

describe("rendering the doc", () => {
  it("gives every heading an id from its words, unique within the doc", () => {
    expect(headingId("Health (per account)")).toBe("health-per-account");
    expect(headingId("Time to first value")).toBe("time-to-first-value");
    expect(headingId("`daysInStage` and NPS")).toBe("daysinstage-and-nps");
    const doc = renderMetricsDoc("# Top\n\n## Notes\n\ntext\n\n## Notes\n\nmore\n");
    expect(doc.anchors).toEqual(["top", "notes", "notes-1"]);
    expect(doc.html).toContain('<h2 id="notes">Notes</h2>');
    expect(doc.html).toContain('<h2 id="notes-1">Notes</h2>');
  });

  it("shows raw HTML as text and drops links that are not web or site addresses", () => {
    const { html } = renderMetricsDoc(
      [
        "# Doc",
        "",
        "<script>alert(1)</script>",
        "",
        'A <b onclick="x()">bold</b> claim, [a trap](javascript:alert(1)) and [a page](/insights).',
        "",
        "![a picture](http://example.com/x.png)",
      ].join("\n"),
    );
    expect(html).not.toMatch(/<script|<b |<img|javascript:/i);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("&lt;b onclick=&quot;x()&quot;&gt;bold&lt;/b&gt;");
    expect(html).toContain("a trap and");
    expect(html).toContain('<a href="/insights">a page</a>');
  });

  it("puts each table in a focusable scroll region named after its section", () => {
    const { html } = renderMetricsDoc(
      "## Filters\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n| C |\n|---|\n| 3 |\n\n## Other\n\n| D |\n|---|\n| 4 |\n",
    );
    expect(html).toContain('<div class="doc-table" role="region" aria-label="Filters: table" tabindex="0">');
    expect(html).toContain('aria-label="Filters: table 2"');
    expect(html).toContain('aria-label="Other: table"');
    expect(html).toContain('<th scope="col">A</th>');
    expect(html).toContain("<td>2</td>");
  });
});

describe("docs/metrics.md as built into the page", () => {
  const source = fs.readFileSync("docs/metrics.md", "utf8");

  it("has every heading of the file, and the definition of every insights panel", () => {
    const headings = [...source.matchAll(/^#{1,6} (.+)$/gm)].map((m) => headingId(m[1]));
    expect(headings.length).toBeGreaterThan(8);
    expect(metricsDefinitions.anchors).toEqual(headings);
    for (const panel of INSIGHTS_PANELS) expect(metricsDefinitions.anchors).toContain(PANEL_DEFINITIONS[panel]);
  });

  it("is the file's text: a sentence of the doc reads the same on the page", () => {
    expect(source).toContain("nothing done in 14 days");
    expect(metricsDefinitions.html).toContain("nothing done in 14 days");
  });
});

describe("the pages", () => {
  let server: TestServer;
  let admin: string;
  let customer: string;
  beforeAll(async () => {
    server = await startTestServer();
    const staff = await makeStaff({ role: "admin", name: "Dee Definitions" });
    const account = await makeAccount({ csmId: staff.id, playbookId: await makePlaybook() });
    admin = await sessionCookie(staff.id);
    customer = await sessionCookie(account.contacts[0].id);
  });
  afterAll(() => server?.close());

  it("every panel on /insights links to a heading that exists on the definitions page", async () => {
    const insights = (await (await server.get("/insights", admin)).text()).replace(/<!-- -->/g, "");
    const page = await server.get(METRICS_DEFINITIONS_PATH, admin);
    expect(page.status).toBe(200);
    const definitions = await page.text();
    const ids = new Set([...definitions.matchAll(/<h[1-6] id="([^"]+)"/g)].map((m) => m[1]));
    const sections = [...insights.matchAll(/<section aria-labelledby="([a-z-]+)-heading"[\s\S]*?<\/section>/g)];
    const panels = sections.map((m) => m[1]).filter((p) => p !== "counting");
    expect(panels).toEqual([...INSIGHTS_PANELS]);
    for (const [section, panel] of sections.map((m) => [m[0], m[1]])) {
      if (panel === "counting") continue;
      const link = new RegExp(`href="${METRICS_DEFINITIONS_PATH}#([^"]+)"`).exec(section);
      expect(link, `a definition link in the ${panel} panel`).not.toBeNull();
      expect(ids.has(link![1]), `#${link![1]} on the definitions page`).toBe(true);
    }
    // The doc's headings and a table's named region are on the page as served.
    expect(definitions).toContain('<h1 id="insights-metrics-definitions">');
    expect(definitions).toContain('role="region" aria-label="Common ground: table" tabindex="0"');
  });

  it("is for staff: a customer gets the 404 /insights gives them", async () => {
    expect((await server.get("/insights", customer)).status).toBe(404);
    expect((await server.get(METRICS_DEFINITIONS_PATH, customer)).status).toBe(404);
  });
});
