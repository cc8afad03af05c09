// End to end (issue 12 §3): a customer comments on a step of their current stage at 320 px; the
// answer is announced; after the comment-notice sweep the CSM's outbox holds the digest with the
// comment, and the CSM reads it on the account page. axe finds nothing on either page.
import { describe, expect, test } from "vitest";
import {
  axeViolations as axe,
  newContext,
  runPortalCommand,
  signIn,
  startPortalAroundTests,
  waitForHydration,
} from "./harness";

const CSM = "diego@waypoint.example";
const CUSTOMER = "frank@globex.example";
const ACCOUNT = "Globex Logistics";
const BODY = "Our data team has questions about the import format. Can we go over it on Thursday?";

startPortalAroundTests();

/** Today at 14:00 UTC, or the next Monday's on a weekend: working hours for the demo staff (Europe/London). */
function workingHour(): string {
  const d = new Date();
  d.setUTCHours(14, 0, 0, 0);
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString();
}

describe("comments both ways", () => {
  test("a customer's comment reaches the CSM's outbox and the account page", async () => {
    const customer = await newContext({ viewport: { width: 320, height: 800 } });
    const journey = await customer.newPage();
    await signIn(journey, CUSTOMER, /\/journey$/, ACCOUNT);
    // A step's comments (the goals at the top of the page have theirs too, folded away).
    const section = journey.getByTestId("milestone").getByTestId("comments").first();
    const field = section.locator("textarea");
    await waitForHydration(journey, `#${await field.getAttribute("id")}`);
    const label = (await section.locator("label").textContent()) ?? "";
    const title = /“(.+)”/.exec(label)?.[1] ?? "";
    expect(title).not.toBe("");

    await field.fill(BODY);
    await section.getByRole("button", { name: "Post comment" }).click();
    // Said in the section's live region, and shown once the page's data is read back.
    await section.getByRole("status").filter({ hasText: "Comment added." }).waitFor();
    await section.getByTestId("comment").filter({ hasText: BODY }).waitFor();
    await expect(field.inputValue()).resolves.toBe("");
    await expect(axe(journey)).resolves.toEqual([]);
    const wide = await journey.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    expect(wide, "the journey page scrolls sideways at 320 px").toBe(false);
    await customer.close();

    const sweep = runPortalCommand("app/server/comment-notices.ts", ["--at", workingHour()]);
    expect(sweep.output).toContain(`queued comment digest to ${CSM}`);
    expect(sweep.status).toBe(0);
    // Twice sends nothing twice.
    const again = runPortalCommand("app/server/comment-notices.ts", ["--at", workingHour()]);
    expect(again.output).not.toContain(`queued comment digest to ${CSM}`);

    const staff = await newContext({ viewport: { width: 320, height: 800 } });
    const page = await staff.newPage();
    await signIn(page, CSM, /\/csm$/, "Your portfolio");
    // The worker in the portal renders and keeps it (no Resend key) within a few seconds.
    const subject = `Frank Miller commented on "${title}"`;
    let found = false;
    for (let i = 0; i < 30 && !found; i++) {
      await page.goto("/csm/outbox");
      found = (await page.getByTestId("outbox-row").filter({ hasText: subject }).count()) > 0;
      if (!found) await page.waitForTimeout(1000);
    }
    expect(found, "the comment digest is in the CSM's outbox").toBe(true);
    await page.getByRole("link", { name: subject }).click();
    await page.getByTestId("email-subject").filter({ hasText: subject }).waitFor();
    await expect(page.getByTestId("email-text").textContent()).resolves.toContain(BODY);

    await page.goto("/csm");
    await page.getByRole("link", { name: ACCOUNT, exact: true }).click();
    await page.waitForURL(/\/csm\/accounts\/[^/]+$/);
    const item = page.getByTestId("milestone").filter({ hasText: title });
    await item.getByTestId("comment").filter({ hasText: BODY }).waitFor();
    await expect(item.getByTestId("comment").filter({ hasText: BODY }).textContent()).resolves.toContain("customer");
    await expect(page.getByTestId("timeline").textContent()).resolves.toContain(`commented on "${title}"`);
    await expect(axe(page)).resolves.toEqual([]);
    await staff.close();
    // Two sign-ins, two commands and the worker's delivery: slow on a loaded machine.
  }, 300_000);
});
