// End to end (issue 12 §5 and §2, ADR 038), at 320 px: a customer comments on one of their goals
// at the top of /journey and the CSM reads it on the goals page; the CSM presses "Remind the
// customer" on an overdue customer step and is told when it goes out, and the timeline says so.
// axe finds nothing on any of the pages.
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { axeViolations as axe, newContext, signIn, startPortalAroundTests, waitForHydration } from "./harness";

const CSM = "diego@waypoint.example";
const CUSTOMER = "frank@globex.example";
const ACCOUNT = "Globex Logistics";
// Globex's open customer step in its current stage, due in a few days in the demo.
const STEP = "Reach your first success goal";
const BODY = "Late shipments are down to 4% this month, measured from the carrier reports.";

startPortalAroundTests();

async function fitsAt320(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

describe("goal comments and reminders", () => {
  test("a customer comments on a goal; the CSM reads it and reminds them of an overdue step", async () => {
    const customer = await newContext({ viewport: { width: 320, height: 800 } });
    const journey = await customer.newPage();
    await signIn(journey, CUSTOMER, /\/journey$/, ACCOUNT);
    const goal = journey.getByTestId("goal").first();
    const goalTitle = ((await goal.locator("summary").first().locator("span").first().textContent()) ?? "").trim();
    expect(goalTitle).not.toBe("");
    await goal.locator("summary").first().click();
    const field = goal.locator("textarea");
    await waitForHydration(journey, `#${await field.getAttribute("id")}`);
    await field.fill(BODY);
    await goal.getByRole("button", { name: "Post comment" }).click();
    await goal.getByRole("status").filter({ hasText: "Comment added." }).waitFor();
    await goal.getByTestId("comment").filter({ hasText: BODY }).waitFor();
    await expect(axe(journey)).resolves.toEqual([]);
    expect(await fitsAt320(journey), "the journey page scrolls sideways at 320 px").toBe(true);
    await customer.close();

    const staff = await newContext({ viewport: { width: 320, height: 800 } });
    const page = await staff.newPage();
    await signIn(page, CSM, /\/csm$/, "Your portfolio");
    await page.getByRole("link", { name: ACCOUNT, exact: true }).click();
    await page.waitForURL(/\/csm\/accounts\/[^/?]+$/);
    const accountUrl = page.url();

    // The goals page: the customer's comment under its goal, said to be the customer's.
    await page.goto(`${accountUrl}/goals`);
    const onGoal = page.getByTestId("goal").filter({ hasText: goalTitle }).getByTestId("comment");
    await onGoal.filter({ hasText: BODY }).waitFor();
    await expect(onGoal.filter({ hasText: BODY }).textContent()).resolves.toContain("customer");
    await expect(axe(page)).resolves.toEqual([]);
    expect(await fitsAt320(page), "the goals page scrolls sideways at 320 px").toBe(true);

    // The customer's next step is not overdue yet: the panel says so and offers no button. The CSM
    // moves its due date into the past, and the panel now offers the reminder.
    await page.goto(accountUrl);
    const title = STEP;
    await page.getByRole("link", { name: `Edit "${title}"` }).click();
    const panel = page.getByTestId("edit-panel");
    await panel.getByTestId("reminder-note").filter({ hasText: "This step is not overdue" }).waitFor();
    expect(await panel.getByRole("button", { name: "Remind the customer" }).count()).toBe(0);
    const due = panel.getByLabel("Due date");
    await waitForHydration(page, `#${await due.getAttribute("id")}`);
    const past = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
    await due.fill(past);
    await panel.locator('form:has(input[name="dueOn"])').getByRole("button", { name: "Save" }).click();
    await panel.getByRole("status").filter({ hasText: "Due date moved" }).waitFor();
    const reminder = page.getByTestId("reminder");
    await reminder
      .getByTestId("reminder-note")
      .filter({ hasText: /^It goes to .+ (now|at .+)/ })
      .waitFor();
    await waitForHydration(page, '[data-testid="reminder"] button');
    await reminder.getByRole("button", { name: "Remind the customer" }).click();
    const said = reminder.getByRole("status").filter({ hasText: /The reminder goes to .+ (now|at .+)\./ });
    await said.waitFor();
    const message = (await said.textContent()) ?? "";
    // Once queued, the panel says so, and pressing again sends nothing more.
    await reminder
      .getByTestId("reminder-note")
      .filter({ hasText: /A reminder to .+ is queued/ })
      .waitFor();
    await reminder.getByRole("button", { name: "Remind the customer" }).click();
    await reminder.getByRole("status").filter({ hasText: "already queued" }).waitFor();
    await expect(page.getByTestId("timeline").textContent()).resolves.toContain(
      `Diego Alvarez asked for a reminder to ${/goes to (.+?) (now|at )/.exec(message)?.[1]} about "${title}"`,
    );
    await expect(axe(page)).resolves.toEqual([]);
    expect(await fitsAt320(page), "the account page scrolls sideways at 320 px").toBe(true);
    await staff.close();
  }, 300_000);
});
