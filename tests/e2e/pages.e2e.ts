// Every page, as each role sees it, at phones' 320 and 375 px and a desktop's width:
// axe finds no WCAG 2.1 A/AA violation, and nothing makes the page scroll
// sideways (WCAG 1.4.10 reflow; wide tables scroll inside their own region).
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { axeViolations, newContext, signIn, startPortalAroundTests } from "./harness";

startPortalAroundTests();

const WIDTHS = [320, 375, 1280];

/** A page to visit; `status` is what it must answer (a link that does not work answers 400 with a page). */
type Visit = { path: string; heading?: string; status?: number };

/**
 * What breaks reflow: the page scrolling sideways, a control cut off at the
 * window's edge, or a name in the header broken across lines. Content may
 * scroll sideways only inside a region a keyboard can reach and a screen
 * reader can name (a wide table's own scroll region).
 */
async function reflowProblems(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const describeEl = (el: Element) =>
      `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""} "${(el.textContent ?? "").trim().slice(0, 30)}">`;
    const width = document.documentElement.scrollWidth;
    if (width > window.innerWidth) {
      const widest = [...document.querySelectorAll("body *")]
        .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
        .slice(0, 3)
        .map(describeEl);
      return `page is ${width}px wide in a ${window.innerWidth}px window; widest: ${widest.join(", ")}`;
    }
    const inNamedScrollRegion = (el: Element) => {
      for (let a = el.parentElement; a; a = a.parentElement) {
        const style = getComputedStyle(a);
        if (/(auto|scroll)/.test(style.overflowX) && a.scrollWidth > a.clientWidth) {
          return (
            a.getAttribute("tabindex") === "0" && !!(a.getAttribute("aria-label") || a.getAttribute("aria-labelledby"))
          );
        }
      }
      return false;
    };
    const cut = [...document.querySelectorAll("a[href], button, input, select, textarea, summary")]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === "hidden") return false;
        return (r.left < -1 || r.right > window.innerWidth + 1) && !inNamedScrollRegion(el);
      })
      .slice(0, 3)
      .map(describeEl);
    if (cut.length) return `controls cut off at the window's edge: ${cut.join(", ")}`;
    // The header's names and links stay on one line each: "Priya" above "Shah" reads as two things.
    const broken = [...document.querySelectorAll("header a, header button, header span")]
      .filter((el) =>
        // Each run of text on its own: a logo or a badge beside a name is no break.
        [...el.childNodes]
          .filter((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? "").trim())
          .some((n) => {
            const range = document.createRange();
            range.selectNodeContents(n);
            const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
            return tops.size > 1;
          }),
      )
      .slice(0, 3)
      .map(describeEl);
    return broken.length ? `header text broken across lines: ${broken.join(", ")}` : null;
  });
}

type Session = Awaited<ReturnType<import("playwright-core").BrowserContext["storageState"]>>;
const sessions = new Map<string, Session>();

/**
 * A browser context signed in as `email`. Each person signs in once per file and
 * later contexts reuse the cookies: a dozen password sign-ins in a few minutes
 * would run into the sign-in limit (10 per address per 15 minutes).
 */
async function signedInContext(
  email: string,
  landing: RegExp,
  heading: string,
  options: Parameters<typeof newContext>[0] = {},
) {
  const known = sessions.get(email);
  if (known) return newContext({ ...options, storageState: known });
  const context = await newContext(options);
  await signIn(await context.newPage(), email, landing, heading);
  sessions.set(email, await context.storageState());
  return context;
}

/** Visits each page at each width and collects what is wrong, so one run reports every page. */
async function checkPages(email: string | null, landing: RegExp, landingHeading: string, visits: () => Visit[]) {
  const problems: string[] = [];
  for (const width of WIDTHS) {
    const viewport = { viewport: { width, height: 800 } };
    const context = email
      ? await signedInContext(email, landing, landingHeading, viewport)
      : await newContext(viewport);
    const page = await context.newPage();
    for (const visit of visits()) {
      const response = await page.goto(visit.path);
      if (response?.status() !== (visit.status ?? 200)) {
        problems.push(`${width}px ${visit.path}: answered ${response?.status()}, not ${visit.status ?? 200}`);
        continue;
      }
      if (visit.heading) await page.getByRole("heading", { level: 1, name: visit.heading }).first().waitFor();
      for (const v of await axeViolations(page)) problems.push(`${width}px ${visit.path}: axe ${v}`);
      const overflow = await reflowProblems(page);
      if (overflow) problems.push(`${width}px ${visit.path}: ${overflow}`);
    }
    await context.close();
  }
  return problems;
}

/** The account and email pages' addresses, read from the pages that link to them. */
async function staffPaths(email: string): Promise<{ account: string; email: string }> {
  const context = await signedInContext(email, /\/csm$/, "Your portfolio");
  const page = await context.newPage();
  await page.goto("/csm");
  const account = await page
    .locator('[data-testid="portfolio-row"] a[href^="/csm/accounts/"]')
    .first()
    .getAttribute("href");
  await page.goto("/csm/outbox");
  const message = await page.locator('[data-testid="outbox-row"] a[href^="/csm/outbox/"]').first().getAttribute("href");
  await context.close();
  if (!account || !message) throw new Error("The demo has no account or outbox email to visit.");
  return { account, email: message };
}

/** The demo playbook's id, read from the playbooks page's link to it. */
async function demoPlaybookId(email: string): Promise<string> {
  const context = await signedInContext(email, /\/csm$/, email.startsWith("priya") ? "All accounts" : "Your portfolio");
  const page = await context.newPage();
  await page.goto("/admin/playbooks");
  const href = await page
    .getByTestId("playbook")
    .first()
    .locator('a[href^="/admin/playbooks/"]')
    .first()
    .getAttribute("href");
  await context.close();
  const id = href?.match(/[0-9a-f-]{36}/)?.[0];
  if (!id) throw new Error("The playbooks page links to no playbook.");
  return id;
}

// Each visit runs axe twice (two widths); a loaded machine needs the room.
describe("every page reads well and passes axe", { timeout: 300_000 }, () => {
  test("signed out", async () => {
    const problems = await checkPages(null, /./, "", () => [
      { path: "/login", heading: "Sign in" },
      { path: "/login/link?token=not-a-token", status: 400 },
      { path: "/invitations/accept?token=not-a-token", status: 400 },
      // The demo has admins: the first-run page says it is set up.
      { path: "/setup?token=not-a-token", status: 404, heading: "Waypoint is already set up" },
      { path: "/email/done?token=not-a-token", status: 400 },
      { path: "/email/unsubscribe?token=not-a-token", status: 400 },
      { path: "/pulse?token=not-a-token&score=3", status: 400 },
    ]);
    expect(problems).toEqual([]);
  });

  test("a customer", async () => {
    const problems = await checkPages("hana@initech.example", /\/journey$/, "Initech Health", () => [
      { path: "/journey", heading: "Initech Health" },
      // A finished stage opened by its link.
      { path: "/journey?stage=1", heading: "Initech Health" },
      { path: "/settings/notifications" },
      { path: "/settings/security" },
    ]);
    expect(problems).toEqual([]);
  });

  test("a CSM: portfolio, account and contacts", async () => {
    const paths = await staffPaths("diego@waypoint.example");
    const problems = await checkPages("diego@waypoint.example", /\/csm$/, "Your portfolio", () => [
      { path: "/csm", heading: "Your portfolio" },
      { path: paths.account },
      { path: `${paths.account}/contacts` },
      { path: `${paths.account}/goals` },
    ]);
    expect(problems).toEqual([]);
  });

  test("a CSM: outbox and settings", async () => {
    const paths = await staffPaths("diego@waypoint.example");
    const problems = await checkPages("diego@waypoint.example", /\/csm$/, "Your portfolio", () => [
      { path: "/csm/outbox", heading: "Outbox" },
      { path: paths.email },
      { path: "/settings/notifications" },
      { path: "/settings/security" },
      // docs/metrics.md as a page: its tables scroll inside their own named regions.
      { path: "/insights/definitions", heading: "Insights metrics: definitions" },
    ]);
    expect(problems).toEqual([]);
  });

  test("a viewer: every page readable, no write controls", async () => {
    const paths = await staffPaths("diego@waypoint.example");
    const problems = await checkPages("vera@waypoint.example", /\/csm$/, "All accounts", () => [
      { path: "/csm", heading: "All accounts" },
      { path: paths.account },
      { path: `${paths.account}/contacts` },
      { path: `${paths.account}/goals` },
    ]);
    expect(problems).toEqual([]);
  });

  test("a CSM: new account and account settings", async () => {
    const paths = await staffPaths("diego@waypoint.example");
    const problems = await checkPages("diego@waypoint.example", /\/csm$/, "Your portfolio", () => [
      { path: "/csm/accounts/new", heading: "New account" },
      { path: `${paths.account}/settings` },
      { path: "/csm?status=all" },
    ]);
    expect(problems).toEqual([]);
  });

  test("an admin", async () => {
    const problems = await checkPages("priya@waypoint.example", /\/csm$/, "All accounts", () => [
      { path: "/csm", heading: "All accounts" },
      { path: "/admin/team" },
      { path: "/admin/settings", heading: "Workspace settings" },
      { path: "/admin/audit" },
      { path: "/admin/import", heading: "Import accounts and contacts" },
    ]);
    expect(problems).toEqual([]);
  });

  test("an admin: the playbook studio's pages", async () => {
    const id = await demoPlaybookId("priya@waypoint.example");
    const problems = await checkPages("priya@waypoint.example", /\/csm$/, "All accounts", () => [
      { path: "/admin/playbooks", heading: "Playbooks" },
      { path: `/admin/playbooks/${id}` },
      { path: `/admin/playbooks/${id}/map` },
      { path: `/admin/playbooks/${id}/emails` },
      { path: `/admin/playbooks/${id}/upgrade` },
    ]);
    expect(problems).toEqual([]);
  });

  test("a CSM reads the playbooks, their map and stage emails", async () => {
    const id = await demoPlaybookId("diego@waypoint.example");
    const problems = await checkPages("diego@waypoint.example", /\/csm$/, "Your portfolio", () => [
      { path: "/admin/playbooks", heading: "Playbooks" },
      { path: `/admin/playbooks/${id}/map` },
      { path: `/admin/playbooks/${id}/emails` },
    ]);
    expect(problems).toEqual([]);
  });

  test("an admin's import: the preview with its bad rows, then the confirmation announced", async () => {
    const csv = [
      "external_id,account_name,timezone,csm_email,start_date,playbook,contact_email,contact_name",
      'E2E-1,"Umbrella, Corp",Europe/Berlin,maya@waypoint.example,2026-12-07,SaaS customer success,ada@umbrella.example,Ada Wong',
      "E2E-2,Bad Zone Ltd,Mars/Olympus,,2026-12-07,SaaS customer success,,",
    ].join("\r\n");
    const context = await newContext({ viewport: { width: 320, height: 800 } });
    const page = await context.newPage();
    await signIn(page, "priya@waypoint.example", /\/csm$/, "All accounts");
    await page.goto("/admin/import");
    await page
      .getByLabel("CSV file")
      .setInputFiles({ name: "e2e.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.getByRole("button", { name: "Check the file" }).click();
    await page.waitForURL(/\/admin\/import\/[0-9a-f-]{36}$/);
    const preview = new URL(page.url()).pathname;
    await page.getByText('Bad timezone "Mars/Olympus"').waitFor();
    await context.close();

    const problems = await checkPages("priya@waypoint.example", /\/csm$/, "All accounts", () => [
      { path: preview, heading: "e2e.csv" },
    ]);
    expect(problems).toEqual([]);

    const confirm = await newContext();
    const p2 = await confirm.newPage();
    await signIn(p2, "priya@waypoint.example", /\/csm$/, "All accounts");
    await p2.goto(preview);
    await p2.getByRole("button", { name: /^Import 1 row$/ }).click();
    await p2.getByRole("status").filter({ hasText: "Imported: 1 account created" }).waitFor();
    for (const v of await axeViolations(p2)) problems.push(`after confirming: axe ${v}`);
    expect(problems).toEqual([]);
    await confirm.close();
  });

  // Last, since it changes what every later page would show.
  test("after an admin brands the workspace", async () => {
    const context = await newContext();
    const page = await context.newPage();
    await signIn(page, "priya@waypoint.example", /\/csm$/, "All accounts");
    await page.goto("/admin/settings");
    await page.getByLabel("Vendor name").fill("Acme Cloud");
    await page.getByLabel("Brand colour").fill("#0b6e4f");
    await page.getByLabel("Support email").fill("help@acme.example");
    await page.getByLabel("Meeting link").fill("https://meet.acme.example/team");
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByRole("status").filter({ hasText: "Settings saved." }).waitFor();
    await page.getByLabel("Upload a logo").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: PNG_LOGO });
    await page.getByRole("button", { name: "Upload logo" }).click();
    await page.getByRole("status").filter({ hasText: "Logo uploaded." }).waitFor();
    await context.close();

    const problems = [
      ...(await checkPages("priya@waypoint.example", /\/csm$/, "All accounts", () => [
        { path: "/admin/settings", heading: "Workspace settings" },
      ])),
      ...(await checkPages("hana@initech.example", /\/journey$/, "Initech Health", () => [
        { path: "/journey", heading: "Initech Health" },
      ])),
    ];
    expect(problems).toEqual([]);
  });
});

// A 1×1 PNG: the logo's bytes are checked, not its looks.
const PNG_LOGO = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);
