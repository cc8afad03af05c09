// An empty install in the browser: every page leads to the setup page, whose
// one-time link (printed by `npm start`) creates the first admin, who lands signed in.
import { expect, test } from "vitest";
import { axeViolations, newContext, serverOutput, startPortalAroundTests } from "./harness";

startPortalAroundTests({ demo: false });

const setupLink = () => {
  const link = /\/setup\?token=[\w-]{43}/.exec(serverOutput())?.[0];
  if (!link) throw new Error(`npm start printed no setup link:\n${serverOutput()}`);
  return link;
};

test("the setup link creates the first admin; until then every page leads to it", async () => {
  const problems: string[] = [];
  for (const width of [320, 1280]) {
    const context = await newContext({ viewport: { width, height: 800 } });
    const page = await context.newPage();
    await page.goto("/login");
    expect(new URL(page.url()).pathname).toBe("/setup");
    await page.getByRole("heading", { level: 1, name: "Set up Waypoint" }).waitFor();
    for (const v of await axeViolations(page)) problems.push(`${width}px /setup: ${v}`);
    await page.goto(setupLink());
    await page.getByRole("heading", { level: 1, name: "Create the first admin" }).waitFor();
    for (const v of await axeViolations(page)) problems.push(`${width}px setup form: ${v}`);
    const sideways = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    if (sideways) problems.push(`${width}px setup form scrolls sideways`);
    await context.close();
  }
  expect(problems).toEqual([]);

  const context = await newContext({ viewport: { width: 320, height: 800 } });
  const page = await context.newPage();
  await page.goto(setupLink());
  await page.getByLabel("Your name").fill("Grace Vendor");
  await page.getByLabel("Work email").fill("grace@vendor.example");
  await page.getByLabel("Choose a password").fill("short");
  // The browser's own check would stop a short password; the server's answer is what is tested.
  await page.locator("#password").evaluate((el) => el.removeAttribute("minlength"));
  await page.getByRole("button", { name: "Create admin and sign in" }).click();
  // The refusal is read out: a live region with the words that say what to fix.
  await page.getByRole("alert").waitFor();
  expect(await page.getByRole("alert").textContent()).toContain("Use at least 10 characters");
  await page.getByLabel("Choose a password").fill("a long enough password");
  await page.getByRole("button", { name: "Create admin and sign in" }).click();
  await page.waitForURL(/\/csm$/);
  await page.getByRole("heading", { level: 1 }).first().waitFor();

  // Spent: the same link now says the portal is set up, and sign-in is open.
  const spent = await page.goto(setupLink());
  expect(spent?.status()).toBe(404);
  await page.getByRole("heading", { level: 1, name: "Waypoint is already set up" }).waitFor();
  const login = await page.goto("/login");
  expect(login?.status()).toBe(200);
  await context.close();
});
