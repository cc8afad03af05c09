// End to end (issue 10 §4): a CSM adds a step to one customer's journey and
// marks another not applicable; each answer is announced, both pages pass axe
// at 320 px, and the customer sees the new step and "Not needed" with the reason.
import { describe, expect, test } from "vitest";
import { axeViolations as axe, newContext, signIn, startPortalAroundTests, waitForHydration } from "./harness";

const CSM = "diego@waypoint.example";
const CUSTOMER = "frank@globex.example";
const ACCOUNT = "Globex Logistics";
// Customer-owned and open in Globex's current stage (db/seed/demo.ts).
const NOT_NEEDED = "Reach your first success goal";
const REASON = "Globex measures success in its own BI tool";
const ADDED = "Security questionnaire";

startPortalAroundTests();

describe("staff edits to one journey", () => {
  test("a CSM adds a step and marks one not applicable; the customer sees both as they should", async () => {
    const staff = await newContext({ viewport: { width: 320, height: 800 } });
    const page = await staff.newPage();
    await signIn(page, CSM, /\/csm$/, "Your portfolio");
    await page.getByRole("link", { name: ACCOUNT, exact: true }).click();
    await page.waitForURL(/\/csm\/accounts\/[^/]+$/);
    await waitForHydration(page, "#add-title");

    await page.locator("#add-title").fill(ADDED);
    await page.locator("#add-owner").selectOption({ label: "Frank Miller (VP Operations)" });
    await page.locator("#add-due").fill("2030-01-15");
    await page.getByRole("button", { name: "Add step" }).click();
    // Announced in a live region, and on the page once the loader has read it back.
    await page
      .getByRole("status")
      .filter({ hasText: `Added "${ADDED}", due Jan 15, 2030.` })
      .waitFor();
    await page.getByTestId("milestone").filter({ hasText: ADDED }).waitFor();

    // Each step is a line; its one edit panel opens by a link named after it, and takes the focus.
    const item = page.getByTestId("milestone").filter({ hasText: NOT_NEEDED });
    await expect(page.getByTestId("edit-panel").count()).resolves.toBe(0);
    await item.getByRole("link", { name: `Edit "${NOT_NEEDED}"`, exact: true }).click();
    await page.waitForURL(/\?edit=[0-9a-f-]{36}#milestone-/);
    const panel = item.getByTestId("edit-panel");
    await panel.getByRole("heading", { name: `Edit "${NOT_NEEDED}"` }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("edit-panel-h");
    await expect(page.getByTestId("edit-panel").count()).resolves.toBe(1);
    await item.getByText("Not applicable to this account?").click();
    await item.getByLabel("Reason (the customer sees it)").fill(REASON);
    await item.getByRole("button", { name: "Mark not applicable" }).click();
    await item.getByTestId("not-needed").waitFor();
    await item.getByRole("status").filter({ hasText: "Marked not applicable." }).waitFor();
    await expect(page.getByTestId("timeline").textContent()).resolves.toContain(
      `marked "${NOT_NEEDED}" not applicable: ${REASON}`,
    );
    await expect(axe(page)).resolves.toEqual([]);
    // The controls added here fit a 320 px window (the staff controls beside them are issue 9's).
    const cut = await page.evaluate(() =>
      [...document.querySelectorAll('[id^="add-"], [id^="reason-"], button')]
        .filter((el) => /^(add-|reason-)/.test(el.id) || /Add step|Mark not applicable/.test(el.textContent ?? ""))
        .filter((el) => {
          const r = el.getBoundingClientRect();
          return r.width > 0 && (r.left < -1 || r.right > window.innerWidth + 1);
        })
        .map((el) => el.id || el.textContent),
    );
    expect(cut).toEqual([]);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    expect(wide, "the account page scrolls sideways at 320 px").toBe(false);
    await staff.close();

    const customer = await newContext({ viewport: { width: 320, height: 800 } });
    const journey = await customer.newPage();
    await signIn(journey, CUSTOMER, /\/journey$/, ACCOUNT);
    const added = journey.getByTestId("milestone").filter({ hasText: ADDED });
    await expect(added.count()).resolves.toBe(1);
    await expect(added.getByRole("button", { name: `Mark "${ADDED}" as done` }).count()).resolves.toBe(1);
    // A closed step in the current stage is one line, not a card (issue 12).
    const skipped = journey.getByTestId("milestone-line").filter({ hasText: NOT_NEEDED });
    await expect(skipped.getByTestId("not-needed").textContent()).resolves.toBe(`Not needed${REASON}`);
    await expect(skipped.getByRole("button").count()).resolves.toBe(0);
    await expect(journey.getByRole("link", { name: NOT_NEEDED }).count()).resolves.toBe(0); // not a next step
    await expect(axe(journey)).resolves.toEqual([]);
    await customer.close();
  });
});
