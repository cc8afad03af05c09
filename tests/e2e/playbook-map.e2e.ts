// End to end (issue 11 §6, §7): a CSM reads the demo playbook's journey map on a
// wide screen, on a 320 px phone (stages stacked, no sideways scrolling) and in
// print, and its stage emails read-only; an admin rewrites a stage email's words, previews them rendered by the
// email's template, and saves them in the draft. The living map (ADR 043) shows the demo's live
// figures over each stage, the same as /insights for that version, for an admin and for a CSM.
// Every page passes axe.
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { axeViolations as axe, newContext, signIn, startPortalAroundTests, waitForHydration } from "./harness";

const CSM = "maya@waypoint.example";
const ADMIN = "priya@waypoint.example";
const PLAYBOOK = "SaaS customer success";

startPortalAroundTests();

/** The demo playbook's id, as the new-account form offers it. */
async function demoPlaybookId(page: Page): Promise<string> {
  await page.goto("/csm/accounts/new");
  const id = await page.locator('select[name="playbookId"] option', { hasText: PLAYBOOK }).getAttribute("value");
  if (!id) throw new Error("The demo playbook is not offered on the new-account form");
  return id;
}

const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);

describe("the journey map", () => {
  test("a CSM reads it wide, on a phone and in print", async () => {
    const context = await newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page, CSM, /\/csm$/, "Your portfolio");
    const id = await demoPlaybookId(page);

    await page.goto(`/admin/playbooks/${id}/map`);
    await page.getByRole("heading", { level: 1, name: `Journey map: ${PLAYBOOK}` }).waitFor();
    await expect(page.getByTestId("map-state").textContent()).resolves.toMatch(/^Version 1, published /);
    const stages = page.locator("[data-stage-key]");
    await expect(stages.count()).resolves.toBe(6);
    const onboarding = page.locator('[data-stage-key="onboarding"]');
    await onboarding.getByRole("heading", { level: 2, name: "2. Onboarding" }).waitFor();
    await expect(onboarding.textContent()).resolves.toContain("SSO live, data syncing correctly and admins trained.");
    await expect(onboarding.textContent()).resolves.toContain("“Welcome to Onboarding, [account name]”");
    // Wide: stages side by side, and each owner's lane on the same row in every stage.
    const [first, second] = [await stages.nth(0).boundingBox(), await stages.nth(1).boundingBox()];
    expect(second!.x).toBeGreaterThan(first!.x + first!.width - 1);
    const laneTop = (stage: string) => page.locator(`[data-stage-key="${stage}"] [data-lane="customer"]`).boundingBox();
    expect((await laneTop("purchase"))!.y).toBe((await laneTop("onboarding"))!.y);
    await expect(axe(page)).resolves.toEqual([]);

    // A phone: the stages stack, nothing scrolls sideways.
    await page.setViewportSize({ width: 320, height: 800 });
    await page.reload();
    await page.getByRole("heading", { level: 1, name: `Journey map: ${PLAYBOOK}` }).waitFor();
    expect(await sideways(page)).toBe(false);
    const [top, below] = [await stages.nth(0).boundingBox(), await stages.nth(1).boundingBox()];
    expect(below!.y).toBeGreaterThan(top!.y + top!.height - 1);
    await expect(axe(page)).resolves.toEqual([]);

    // Paper: no site header, and the stages are columns again.
    await page.setViewportSize({ width: 1123, height: 794 });
    await page.emulateMedia({ media: "print" });
    await expect(page.locator("header").isVisible()).resolves.toBe(false);
    await expect(page.getByRole("button", { name: "Print the map" }).isVisible()).resolves.toBe(false);
    const [p1, p2] = [await stages.nth(0).boundingBox(), await stages.nth(1).boundingBox()];
    expect(p2!.x).toBeGreaterThan(p1!.x);
    expect(p2!.y).toBe(p1!.y);

    // A CSM reads the stage emails, and has nothing to edit them with.
    await page.emulateMedia({ media: "screen" });
    await page.setViewportSize({ width: 320, height: 800 });
    await page.getByRole("link", { name: "Stage emails" }).click();
    await page.getByRole("heading", { level: 1, name: `Stage emails: ${PLAYBOOK}` }).waitFor();
    await expect(page.getByTestId("saved-subject").textContent()).resolves.toBe("Welcome to {vendor}, {account}");
    await expect(page.getByLabel("Subject").count()).resolves.toBe(0);
    expect(await sideways(page)).toBe(false);
    await expect(axe(page)).resolves.toEqual([]);
    await context.close();
  });
});

async function tableRows(page: Page, panel: string): Promise<string[][]> {
  return page
    .locator(`#${panel}-table tbody tr`)
    .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll("th, td")].map((c) => c.textContent?.trim() ?? "")));
}

/** What /insights says for the version, laid out as the map should say it, stage by stage. */
async function insightsFigures(page: Page, href: string) {
  await page.goto(href);
  await page.getByRole("heading", { level: 1, name: "Insights" }).waitFor();
  const [funnel, health, bottlenecks, csat, feelings] = await Promise.all(
    ["funnel", "health", "bottlenecks", "csat", "feelings"].map((p) => tableRows(page, p)),
  );
  const feelingNames = await page
    .locator("#feelings-table thead th")
    .evaluateAll((cells) => cells.map((c) => c.textContent?.trim() ?? ""));
  const none = (rows: string[][]) => (rows.length === 1 && rows[0].length === 1 ? [] : rows);
  return {
    funnel: none(funnel),
    health: none(health),
    bottlenecks: none(bottlenecks),
    csat: none(csat),
    feelings: none(feelings),
    feelingNames,
  };
}

/** Each stage's and milestone's figures as the map shows them. */
async function mapFigures(page: Page) {
  const stages = await page.locator("[data-stage-figures]").evaluateAll((blocks) =>
    blocks.map((b) => {
      const fig = (name: string) => b.querySelector(`[data-figure="${name}"]`)?.textContent?.trim() ?? null;
      const li = b.closest("[data-stage-key]")!;
      return {
        name: li
          .querySelector("h2")!
          .textContent!.replace(/^\d+\.\s*/, "")
          .trim(),
        inStage: fig("in-stage"),
        onTrack: fig("on-track"),
        behind: fig("behind"),
        stuck: fig("stuck"),
        entered: fig("entered"),
        completed: fig("completed"),
        conversion: fig("conversion"),
        median: fig("median"),
        p75: fig("p75"),
        csat: fig("csat"),
        feeling: fig("feeling"),
      };
    }),
  );
  const milestones = await page.locator("[data-milestone-key]").evaluateAll((cards) =>
    cards.map((c) => ({
      title: c.querySelector("p")!.textContent!.trim(),
      figures:
        c
          .querySelector("[data-milestone-figures]")
          ?.textContent?.replace(/^Live: /, "")
          .trim() ?? null,
    })),
  );
  return { stages, milestones };
}

/** The map's figures for the shown version agree, stage by stage and milestone by milestone, with /insights. */
async function expectMapAgreesWithInsights(page: Page, mapPath: string) {
  await page.goto(mapPath);
  await page.getByTestId("figures-state").filter({ hasText: "Live figures over each stage" }).waitFor();
  const map = await mapFigures(page);
  const href = await page
    .getByRole("link", { name: /^Open on Insights/ })
    .first()
    .getAttribute("href");
  expect(href).toMatch(/^\/insights\?playbookId=[0-9a-f-]{36}&versionId=[0-9a-f-]{36}$/);
  const ins = await insightsFigures(page, href!);
  expect(map.stages.length).toBe(6);
  for (const s of map.stages) {
    const f = ins.funnel.find((r) => r[0] === s.name);
    expect(s.entered, s.name).toBe(f?.[1] ?? "0");
    expect(s.completed, s.name).toBe(f?.[2] ?? "0");
    if (f) expect(s.conversion, s.name).toBe(f[3]);
    if (f && f[2] !== "0") expect([s.median, s.p75], s.name).toEqual([f[4], f[5]]);
    const here = ins.health.filter((r) => r[2] === s.name);
    const count = (h: string) => String(here.filter((r) => r[1] === h).length);
    expect(s.inStage, s.name).toBe(`${here.length} ${here.length === 1 ? "account" : "accounts"}`);
    if (here.length) {
      expect([s.onTrack, s.behind, s.stuck], s.name).toEqual([count("On track"), count("Behind"), count("Stuck")]);
    }
    const c = ins.csat.find((r) => r[0] === s.name);
    expect(s.csat, s.name).toBe(c ? c[2] : null);
    const feel = ins.feelings.find((r) => r[0] === s.name);
    if (feel) {
      const counts = feel.slice(1, -1).map(Number);
      const most = Math.max(...counts);
      const named = ins.feelingNames.slice(1, -1).filter((_, i) => counts[i] === most && most > 0);
      expect(s.feeling, s.name).toBe(named.length ? named.map((n) => n.toLowerCase()).join(" and ") : null);
    }
  }
  for (const m of map.milestones) {
    const b = ins.bottlenecks.find((r) => r[0] === m.title);
    if (!b) {
      expect(m.figures, m.title).toBe("On no journey counted here yet");
      continue;
    }
    const [onTime, share] = b[5].split(" ");
    const onTimeText = b[4] === "0" ? "None done yet" : `On time ${onTime} of ${b[4]} ${share}`;
    const held = Number.parseInt(b[2], 10);
    const heldText = held > 0 ? ` · held its stage ${held} ${held === 1 ? "time" : "times"}` : "";
    expect(m.figures, m.title).toBe(onTimeText + heldText);
  }
  return map;
}

describe("the living map", () => {
  test("the demo's live figures agree with /insights for an admin and a CSM, wide, on a phone and in print", async () => {
    const context = await newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page, ADMIN, /\/csm$/, "All accounts");
    const id = await demoPlaybookId(page);
    const all = await expectMapAgreesWithInsights(page, `/admin/playbooks/${id}/map`);
    // The demo (db/seed/demo.ts): Northwind is Behind in Purchase, and a milestone held its stage.
    const purchase = all.stages.find((s) => s.name === "Purchase")!;
    expect(Number(purchase.behind)).toBeGreaterThan(0);
    expect(all.milestones.some((m) => m.figures?.includes("held its stage"))).toBe(true);
    const accountsNow = (m: typeof all) => m.stages.reduce((n, s) => n + Number.parseInt(s.inStage ?? "0", 10), 0);
    await page.goto(`/admin/playbooks/${id}/map`);
    await page.locator("[data-stage-figures]").first().waitFor();
    // Wide, the columns scroll inside the map's own region; the page itself never scrolls sideways.
    expect(await sideways(page)).toBe(false);
    await expect(axe(page)).resolves.toEqual([]);

    // Hidden when asked, and announced.
    await page.getByRole("link", { name: "Hide live figures" }).click();
    await page.getByRole("status").filter({ hasText: "Live figures are hidden." }).waitFor();
    await expect(page.locator("[data-stage-figures]").count()).resolves.toBe(0);
    await page.getByRole("link", { name: "Show live figures" }).click();
    await page.getByRole("status").filter({ hasText: "Live figures over each stage" }).waitFor();

    // Paper: the figures print with the stages as columns, and the links to Insights do not.
    await page.emulateMedia({ media: "print" });
    const stages = page.locator("[data-stage-key]");
    const [p1, p2] = [await stages.nth(0).boundingBox(), await stages.nth(1).boundingBox()];
    expect(p2!.x).toBeGreaterThan(p1!.x);
    expect(p2!.y).toBe(p1!.y);
    await expect(page.locator("[data-stage-figures]").first().isVisible()).resolves.toBe(true);
    await expect(
      page
        .getByRole("link", { name: /^Open on Insights/ })
        .first()
        .isVisible(),
    ).resolves.toBe(false);
    await page.emulateMedia({ media: "screen" });
    await context.close();

    // A CSM: her own accounts' figures only, the same as her /insights; on a phone.
    const phone = await newContext({ viewport: { width: 320, height: 800 } });
    const p = await phone.newPage();
    await signIn(p, CSM, /\/csm$/, "Your portfolio");
    const mine = await expectMapAgreesWithInsights(p, `/admin/playbooks/${id}/map`);
    expect(accountsNow(mine)).toBeLessThan(accountsNow(all));
    await p.goto(`/admin/playbooks/${id}/map`);
    await p.getByTestId("figures-state").filter({ hasText: "of your accounts only" }).waitFor();
    expect(await sideways(p)).toBe(false);
    await expect(axe(p)).resolves.toEqual([]);
    await phone.close();
  });
});

describe("the stage emails", () => {
  test("an admin previews new words rendered by the template, then saves them in the draft", async () => {
    const context = await newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page, ADMIN, /\/csm$/, "All accounts");
    const id = await demoPlaybookId(page);

    await page.goto(`/admin/playbooks/${id}/emails?stage=adoption`);
    await page.getByRole("heading", { level: 1, name: `Stage emails: ${PLAYBOOK}` }).waitFor();
    const frame = page.frameLocator('[data-testid="email-html"]');
    await expect(page.getByTestId("preview-subject").textContent()).resolves.toBe(
      "Time to put it to work, Northwind Traders",
    );
    await frame.getByText("Setup is done, and now the fun part starts", { exact: false }).waitFor();
    await expect(axe(page)).resolves.toEqual([]);

    await waitForHydration(page, "#subject");
    await page.getByLabel("Subject").fill("Your team is live, {account}");
    await page.getByLabel("Introduction").fill("Setup is done.\n\nNow {vendor} helps your team build the habit.");
    await page.getByRole("button", { name: "Preview without saving" }).click();
    await page.getByRole("status").filter({ hasText: "It is not saved yet." }).waitFor();
    await expect(page.getByTestId("preview-subject").textContent()).resolves.toBe(
      "Your team is live, Northwind Traders",
    );
    await frame.getByText("helps your team build the habit.", { exact: false }).waitFor();
    await page.getByText("Plain-text part").click();
    await expect(page.getByTestId("email-text").textContent()).resolves.toContain("Setup is done.");

    // A mistake is refused beside its field, and announced.
    await page.getByLabel("Subject").fill("Hello {acount}");
    await page.getByRole("button", { name: "Save in the draft" }).click();
    await page.locator("#subject-error").filter({ hasText: "{acount}" }).waitFor();
    await expect(page.getByLabel("Subject").getAttribute("aria-invalid")).resolves.toBe("true");

    await page.getByLabel("Subject").fill("Your team is live, {account}");
    await page.getByRole("button", { name: "Save in the draft" }).click();
    await page.getByRole("status").filter({ hasText: "Saved in the draft." }).waitFor();
    // The page reads the draft back: its saved words, in the form and in the preview.
    await expect
      .poll(() => page.getByTestId("preview-subject").textContent())
      .toBe("Your team is live, Northwind Traders");
    await expect(page.getByLabel("Subject").inputValue()).resolves.toBe("Your team is live, {account}");
    await expect(axe(page)).resolves.toEqual([]);

    // The draft's map shows the new words; the published version's map does not.
    await page.goto(`/admin/playbooks/${id}/map?draft=1`);
    await expect(page.locator('[data-stage-key="adoption"]').textContent()).resolves.toContain(
      "Your team is live, [account name]",
    );
    await page.goto(`/admin/playbooks/${id}/map`);
    await expect(page.locator('[data-stage-key="adoption"]').textContent()).resolves.toContain(
      "Time to put it to work, [account name]",
    );

    // On a phone the editor fits too.
    await page.setViewportSize({ width: 320, height: 800 });
    await page.goto(`/admin/playbooks/${id}/emails?stage=adoption`);
    await page.getByRole("heading", { level: 1, name: `Stage emails: ${PLAYBOOK}` }).waitFor();
    expect(await sideways(page)).toBe(false);
    await expect(axe(page)).resolves.toEqual([]);
    await context.close();
  });
});
