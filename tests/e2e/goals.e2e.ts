// End to end (issue 12 §2): a CSM sets a success goal for an account and records
// its result; each answer is announced, the change is on the account's timeline,
// and the customer reads the goal, its status and its result at the top of their
// journey. Both pages pass axe and do not scroll sideways at 320 px.
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { axeViolations as axe, newContext, signIn, startPortalAroundTests, waitForHydration } from "./harness";

const CSM = "maya@waypoint.example";
const CUSTOMER = "ana@northwind.example";
const ACCOUNT = "Northwind Traders";
const GOAL = "Board pack from one source";
const MEASURE = "the monthly board pack built from Waypoint data alone";
const RESULT = "The March board pack came straight from the portal; no spreadsheets were merged by hand.";

startPortalAroundTests();

const scrollsSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);

describe("success goals", () => {
  test("a CSM sets a goal and records its result; the customer sees both on their journey", async () => {
    const staff = await newContext({ viewport: { width: 320, height: 800 } });
    const page = await staff.newPage();
    await signIn(page, CSM, /\/csm$/, "Your portfolio");
    await page.getByRole("link", { name: ACCOUNT, exact: true }).click();
    await page.waitForURL(/\/csm\/accounts\/[^/]+$/);
    await page.getByRole("link", { name: "Success goals", exact: true }).click();
    await page.waitForURL(/\/csm\/accounts\/[^/]+\/goals$/);
    await page.getByRole("heading", { level: 1, name: `Goals for ${ACCOUNT}` }).waitFor();
    // The demo's goals are there already.
    await expect(page.getByTestId("goal").count()).resolves.toBe(2);
    await waitForHydration(page, "#new-title");

    await page.locator("#new-title").fill(GOAL);
    await page.locator("#new-measure").fill(MEASURE);
    await page.locator("#new-targetOn").fill("2027-03-31");
    await page.locator("#new-status").selectOption({ label: "On track" });
    await page.getByRole("button", { name: "Add goal" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `Goal added: ${GOAL}.` })
      .waitFor();
    const card = page.getByTestId("goal").filter({ hasText: GOAL });
    await card.waitFor();
    await expect(card.textContent()).resolves.toContain("On track");
    // The form that added it is empty again.
    await expect(page.locator("#new-title").inputValue()).resolves.toBe("");

    await card.getByText(`Edit "${GOAL}" or record its result`).click();
    await card.getByLabel("Status").selectOption({ label: "Achieved" });
    await card.getByRole("textbox", { name: /^Result/ }).fill(RESULT);
    await card.getByRole("button", { name: "Save goal" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `Saved "${GOAL}": status, result.` })
      .waitFor();
    await expect(card.getByTestId("goal-result").textContent()).resolves.toBe(RESULT);
    await expect(card.textContent()).resolves.toContain("Achieved");
    await expect(axe(page)).resolves.toEqual([]);
    expect(await scrollsSideways(page), "the goals page scrolls sideways at 320 px").toBe(false);

    // Who did what and when, on the account's timeline.
    await page.getByRole("link", { name: ACCOUNT }).first().click();
    await page.waitForURL(/\/csm\/accounts\/[^/]+$/);
    const timeline = await page.getByTestId("timeline").textContent();
    expect(timeline).toContain(`recorded the result of the goal "${GOAL}": ${RESULT}`);
    expect(timeline).toContain(`moved the goal "${GOAL}" from on track to achieved`);
    await staff.close();

    const customer = await newContext({ viewport: { width: 320, height: 800 } });
    const journey = await customer.newPage();
    await signIn(journey, CUSTOMER, /\/journey$/, ACCOUNT);
    const goals = journey.getByRole("region", { name: "Your goals" });
    // Each goal is one line (title and status) so the current stage stays near the top; it opens for the rest.
    const mine = goals.getByTestId("goal").filter({ hasText: GOAL });
    await expect(mine.locator("summary").first().textContent()).resolves.toContain("Achieved");
    await mine.locator("summary").first().click();
    const result = mine.getByTestId("goal-result");
    await result.waitFor({ state: "visible" });
    await expect(result.textContent()).resolves.toBe(RESULT);
    await expect(mine.textContent()).resolves.toContain(MEASURE);
    // Read-only but for comments (ADR 038): the goals' only forms add a comment; nothing changes a goal.
    await expect(goals.locator('form:not(:has(input[name="intent"][value="goal_comment"]))').count()).resolves.toBe(0);
    await expect(goals.locator("select, input:not([type=hidden])").count()).resolves.toBe(0);
    await expect(axe(journey)).resolves.toEqual([]);
    expect(await scrollsSideways(journey), "the journey scrolls sideways at 320 px").toBe(false);
    await customer.close();
  });
});
