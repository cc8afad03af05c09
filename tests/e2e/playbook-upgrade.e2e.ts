// End to end (issue 11 §4): with version 2 of the demo playbook published (one new Onboarding
// step), an admin previews the upgrade of Maya's two demo journeys, applies it and hears the
// result; Acme's customer then sees the new step with the work already done untouched.
// Both pages pass axe at 320 px.
import { describe, expect, test } from "vitest";
import {
  axeViolations as axe,
  newContext,
  runPortalCommand,
  signIn,
  startPortalAroundTests,
  waitForHydration,
} from "./harness";

const ADMIN = "priya@waypoint.example";
const CUSTOMER = "chloe@acme.example";
const NEW_MILESTONE = "Agree on a data retention policy";
const DONE_BEFORE = ["Hold the kickoff call", "Set up your account and single sign-on"];

startPortalAroundTests();

describe("upgrading running journeys", () => {
  test("an admin previews and applies version 2 to two journeys; the customer sees the new step", async () => {
    const setup = runPortalCommand("tests/e2e/publish-version-two.ts", [NEW_MILESTONE]);
    expect(setup.status, setup.output).toBe(0);
    const { playbookId, number } = JSON.parse(setup.output.trim().split("\n").pop()!);
    expect(number).toBe(2);

    const staff = await newContext({ viewport: { width: 320, height: 800 } });
    const page = await staff.newPage();
    await signIn(page, ADMIN, /\/csm$/, "All accounts");
    await page.goto(`/admin/playbooks/${playbookId}/upgrade`);
    await page.getByRole("heading", { level: 1, name: "Upgrade running journeys" }).waitFor();
    // Choose: Maya's journeys (Northwind in Purchase, Acme in Onboarding).
    await page.getByLabel("CSM").selectOption({ label: "Maya Chen" });
    await page.getByRole("button", { name: "Preview" }).click();
    await page.waitForURL(/csmId=/);
    await expect(page.getByTestId("preview-summary").textContent()).resolves.toBe(
      "2 journeys chosen; 2 with milestone changes.",
    );
    const journeys = page.getByTestId("journey-preview");
    await expect(journeys.count()).resolves.toBe(2);
    const acme = journeys.filter({ hasText: "Acme Analytics" });
    await expect(acme.textContent()).resolves.toContain(`${NEW_MILESTONE} (Onboarding, required)`);
    await expect(acme.textContent()).resolves.toContain("Version 1 → 2");
    for (const title of DONE_BEFORE) await expect(acme.getByText(title, { exact: false }).count()).resolves.toBe(1);
    await expect(axe(page)).resolves.toEqual([]);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    expect(wide, "the upgrade page scrolls sideways at 320 px").toBe(false);

    // Apply: confirmed first, then announced in the live region.
    await waitForHydration(page, "#confirm");
    await page.getByLabel(/I checked the preview/).check();
    await page.getByRole("button", { name: "Upgrade 2 journeys to version 2" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: "Upgraded 2 journeys: 2 milestones added, 0 changed, 0 marked not needed." })
      .waitFor();
    // The page reads itself again after the action: nothing is left to upgrade.
    await expect
      .poll(() => page.getByTestId("preview-summary").textContent())
      .toContain("No running journey to upgrade");
    await expect(axe(page)).resolves.toEqual([]);
    await staff.close();

    const customer = await newContext({ viewport: { width: 320, height: 800 } });
    const journey = await customer.newPage();
    await signIn(journey, CUSTOMER, /\/journey$/, "Acme Analytics");
    const added = journey.getByTestId("milestone").filter({ hasText: NEW_MILESTONE });
    await expect(added.count()).resolves.toBe(1);
    await expect(added.getByRole("button", { name: `Mark "${NEW_MILESTONE}" as done` }).count()).resolves.toBe(1);
    // The work done before the upgrade is still done.
    for (const title of DONE_BEFORE) {
      const line = journey.getByTestId("milestone-line").filter({ hasText: title });
      await expect(line.textContent()).resolves.toContain("Done by");
    }
    await expect(axe(journey)).resolves.toEqual([]);
    const wideJourney = await journey.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    expect(wideJourney).toBe(false);
    await customer.close();
  });
});
