// End to end, issue 11's "Done when" in one chain: an admin, in the studio, adds a stage and a
// milestone to the demo's Onboarding stage, reorders both by keyboard, saves and publishes
// version 2; previews the upgrade of Maya's two demo journeys (filtered by CSM) and applies it;
// Acme's customer then sees the new milestone, with the work done before untouched.
// Every page passes axe and none scrolls sideways at 320 px.
import { describe, expect, test } from "vitest";
import { axeViolations as axe, newContext, signIn, startPortalAroundTests, waitForHydration } from "./harness";
import { moveByKeyboard, scrollsSideways } from "./studio-helpers";

const ADMIN = "priya@waypoint.example";
const CUSTOMER = "chloe@acme.example";
const PLAYBOOK = "SaaS customer success";
const NEW_MILESTONE = "Agree on a data retention policy";
const DONE_BEFORE = ["Hold the kickoff call", "Set up your account and single sign-on"];

startPortalAroundTests();

describe("from the playbook studio to the customer", () => {
  test("a stage and a milestone published in the studio reach running journeys and the customer", async () => {
    const staff = await newContext({ viewport: { width: 320, height: 800 } });
    const page = await staff.newPage();
    await signIn(page, ADMIN, /\/csm$/, "All accounts");
    await page.goto("/admin/playbooks");
    await page
      .getByTestId("playbook")
      .filter({ hasText: PLAYBOOK })
      .getByRole("link", { name: PLAYBOOK, exact: true })
      .click();
    await page.waitForURL(/\/admin\/playbooks\/[0-9a-f-]{36}$/);
    const playbookUrl = page.url();
    await waitForHydration(page, "#add-stage");
    const n = await page.getByTestId("stage-editor").count();

    // A stage with one milestone, moved above the last stage.
    await page.getByRole("button", { name: "Add a stage" }).click();
    await page.locator(`#pb-stages-${n}-name`).fill("Renewal");
    await page.locator(`#pb-stages-${n}-expectedDays`).fill("30");
    await page.locator(`#pb-stages-${n}-milestones-0-title`).fill("Renewal call");
    await moveByKeyboard(page, 'stage "Renewal"', "ArrowUp", n, n + 1);

    // A customer's milestone at the end of Onboarding (the second stage), moved up one place: its open
    // card is taller than the step above it.
    const onboarding = page.getByTestId("stage-editor").nth(1);
    const count = await onboarding.getByTestId("milestone-editor").count();
    await page.getByRole("button", { name: "Add a milestone to “Onboarding”" }).click();
    await page.locator(`#pb-stages-1-milestones-${count}-title`).fill(NEW_MILESTONE);
    await page.locator(`#pb-stages-1-milestones-${count}-ownerSide`).selectOption("customer");
    await moveByKeyboard(page, `milestone "${NEW_MILESTONE}"`, "ArrowUp", count, count + 1);
    await expect(page.locator(`#pb-stages-1-milestones-${count - 1}-title`).inputValue()).resolves.toBe(NEW_MILESTONE);
    await expect(axe(page)).resolves.toEqual([]);
    expect(await scrollsSideways(page), "the editor scrolls sideways at 320 px").toBe(false);

    await page.getByRole("button", { name: "Save draft" }).click();
    await page.getByRole("status").filter({ hasText: "Draft saved." }).waitFor();
    await page.getByLabel(/^What changed/).fill("A renewal stage and a data retention step.");
    await page.getByRole("button", { name: "Publish version 2" }).click();
    await page.getByRole("status").filter({ hasText: "Published version 2." }).waitFor();

    // Preview the upgrade of Maya's journeys (Northwind in Purchase, Acme in Onboarding).
    await page.goto(`${playbookUrl}/upgrade`);
    await page.getByRole("heading", { level: 1, name: "Upgrade running journeys" }).waitFor();
    await page.getByLabel("CSM").selectOption({ label: "Maya Chen" });
    await page.getByRole("button", { name: "Preview" }).click();
    await page.waitForURL(/csmId=/);
    await expect(page.getByTestId("preview-summary").textContent()).resolves.toBe(
      "2 journeys chosen; 2 with milestone changes.",
    );
    const journeys = page.getByTestId("journey-preview");
    await expect(journeys.count()).resolves.toBe(2);
    for (const name of ["Acme Analytics", "Northwind"]) {
      const text = await journeys.filter({ hasText: name }).textContent();
      expect(text).toContain(`Stage added: Renewal (stage ${n})`);
      expect(text).toContain(`${NEW_MILESTONE} (Onboarding, required)`);
      expect(text).toContain("Renewal call (Renewal, required)");
    }
    const acme = journeys.filter({ hasText: "Acme Analytics" });
    for (const title of DONE_BEFORE) await expect(acme.getByText(title, { exact: false }).count()).resolves.toBe(1);
    await expect(axe(page)).resolves.toEqual([]);
    expect(await scrollsSideways(page), "the upgrade page scrolls sideways at 320 px").toBe(false);

    await waitForHydration(page, "#confirm");
    await page.getByLabel(/I checked the preview/).check();
    await page.getByRole("button", { name: "Upgrade 2 journeys to version 2" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: "Upgraded 2 journeys: 2 stages added, 4 milestones added, 0 changed, 0 marked not needed." })
      .waitFor();
    await staff.close();

    const customer = await newContext({ viewport: { width: 320, height: 800 } });
    const journey = await customer.newPage();
    await signIn(journey, CUSTOMER, /\/journey$/, "Acme Analytics");
    const added = journey.getByTestId("milestone").filter({ hasText: NEW_MILESTONE });
    await expect(added.count()).resolves.toBe(1);
    await expect(added.getByRole("button", { name: `Mark "${NEW_MILESTONE}" as done` }).count()).resolves.toBe(1);
    for (const title of DONE_BEFORE) {
      const line = journey.getByTestId("milestone-line").filter({ hasText: title });
      await expect(line.textContent()).resolves.toContain("Done by");
    }
    await expect(journey.locator("main").textContent()).resolves.toContain("Renewal");
    await expect(axe(journey)).resolves.toEqual([]);
    expect(await scrollsSideways(journey), "the customer's journey scrolls sideways at 320 px").toBe(false);
    await customer.close();
    // Three axe passes, one over the whole demo playbook's editor, on a shared machine.
  }, 420_000);
});
