// Issue 13 in a browser: the insights page for an admin (every demo account) and for a CSM (only
// their own), each figure table readable, the demo showing a milestone that held its stage and
// delay on both sides; axe finds nothing; at 320 px the page never scrolls sideways.
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { axeViolations, newContext, signIn, startPortalAroundTests } from "./harness";

startPortalAroundTests();

// db/seed/demo.ts: Maya looks after Northwind Traders and Acme Analytics, Diego Globex Logistics
// and Initech Health.
const MAYA = ["Northwind Traders", "Acme Analytics"];
const DIEGO = ["Globex Logistics", "Initech Health"];

async function tableRows(page: Page, panel: string): Promise<string[][]> {
  return page
    .locator(`#${panel}-table tbody tr`)
    .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll("th, td")].map((c) => c.textContent?.trim() ?? "")));
}

describe("insights", () => {
  test("an admin sees every demo account's figures; the demo shows a held stage and delay on both sides", async () => {
    const context = await newContext({ viewport: { width: 320, height: 900 } });
    const page = await context.newPage();
    await signIn(page, "priya@waypoint.example", /\/(csm|admin)/, "All accounts");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Insights" }).click();
    await page.getByRole("heading", { level: 1, name: "Insights" }).waitFor();

    const health = await tableRows(page, "health");
    const names = health.map((r) => r[0]);
    for (const name of [...MAYA, ...DIEGO]) expect(names).toContain(name);
    const bottlenecks = await tableRows(page, "bottlenecks");
    // Every account still on its way has one of the three healths; the demo (db/seed/demo.ts) has
    // Northwind ten days into a seven-day Purchase with a step done two days ago: Behind.
    for (const r of health) expect(["On track", "Behind", "Stuck"]).toContain(r[1]);
    expect(health.find((r) => r[0] === "Northwind Traders")?.[1]).toBe("Behind");
    expect(health.find((r) => r[0] === "Acme Analytics")?.[1]).toBe("On track");
    expect(health.find((r) => r[0] === "Globex Logistics")?.[1]).toBe("Stuck");
    // Issue 13: the demo shows a milestone that held its stage.
    expect(bottlenecks.some((r) => Number.parseInt(r[2], 10) > 0)).toBe(true);

    const delay = await tableRows(page, "delay");
    const total = delay.find((r) => r[0] === "All accounts")!;
    expect(Number(total[1])).toBeGreaterThan(0);
    expect(Number(total[2])).toBeGreaterThan(0);
    // The total is the sum of the accounts' rows.
    const sum = (i: number) => delay.filter((r) => r[0] !== "All accounts").reduce((s, r) => s + Number(r[i]), 0);
    expect(sum(1)).toBe(Number(total[1]));
    expect(sum(2)).toBe(Number(total[2]));

    // Funnel: no stage completes more journeys than entered it, and the chart names the same figures.
    const funnel = await tableRows(page, "funnel");
    expect(funnel.length).toBeGreaterThan(0);
    for (const r of funnel) expect(Number(r[2])).toBeLessThanOrEqual(Number(r[1]));
    const chart = await page.getByRole("img", { name: /journeys entering and completing/ }).getAttribute("aria-label");
    expect(chart).toContain(`${funnel[0][0]} ${funnel[0][1]} entered, ${funnel[0][2]} completed`);

    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  test("a CSM sees only their own accounts' figures", async () => {
    const context = await newContext({ viewport: { width: 375, height: 900 } });
    const page = await context.newPage();
    await signIn(page, "maya@waypoint.example", /\/csm$/, "Your portfolio");
    await page.goto("/insights");
    await page.getByRole("heading", { level: 1, name: "Insights" }).waitFor();
    const names = (await tableRows(page, "health")).map((r) => r[0]);
    for (const name of DIEGO) expect(names).not.toContain(name);
    expect(names.every((n) => MAYA.includes(n))).toBe(true);
    const delayNames = (await tableRows(page, "delay")).map((r) => r[0]);
    for (const name of DIEGO) expect(delayNames).not.toContain(name);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});
