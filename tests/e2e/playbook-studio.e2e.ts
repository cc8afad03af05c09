// End to end (issue 11 §1-3): an admin opens the demo playbook in the studio, adds a
// stage and a milestone, moves them with the keyboard (Space, arrow, Space) as a
// screen reader hears it, saves the draft and publishes it as version 2, which the
// list then shows. The list and the editor pass axe and do not scroll sideways at 320 px.
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { axeViolations as axe, newContext, signIn, startPortalAroundTests, waitForHydration } from "./harness";
import { moveByKeyboard, scrollsSideways } from "./studio-helpers";

const ADMIN = "priya@waypoint.example";
const PLAYBOOK = "SaaS customer success";

startPortalAroundTests();

const stageNames = (page: Page) => page.getByTestId("stage-editor").locator("h3").allTextContents();

describe("the playbook studio", () => {
  test("an admin adds a stage and a milestone, reorders them by keyboard, saves and publishes version 2", async () => {
    const context = await newContext({ viewport: { width: 320, height: 800 } });
    const page = await context.newPage();
    await signIn(page, ADMIN, /\/csm$/, "All accounts");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Playbooks" }).click();
    await page.waitForURL(/\/admin\/playbooks$/);
    await page.getByRole("heading", { level: 1, name: "Playbooks" }).waitFor();
    const card = page.getByTestId("playbook").filter({ hasText: PLAYBOOK });
    await expect(card.textContent()).resolves.toContain("Version 1");
    await expect(axe(page)).resolves.toEqual([]);
    expect(await scrollsSideways(page), "the playbooks page scrolls sideways at 320 px").toBe(false);

    await card.getByRole("link", { name: PLAYBOOK, exact: true }).click();
    await page.waitForURL(/\/admin\/playbooks\/[0-9a-f-]{36}$/);
    await page.getByRole("heading", { level: 1, name: PLAYBOOK }).waitFor();
    await waitForHydration(page, "#add-stage");
    await expect(axe(page)).resolves.toEqual([]);
    expect(await scrollsSideways(page), "the editor scrolls sideways at 320 px").toBe(false);
    const before = await stageNames(page);
    const n = before.length;

    // A new stage comes with one milestone; the focus goes to its name.
    await page.getByRole("button", { name: "Add a stage" }).click();
    const stageName = page.locator(`#pb-stages-${n}-name`);
    await expect(stageName.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await stageName.fill("Renewal");
    await page.locator(`#pb-stages-${n}-expectedDays`).fill("30");
    await page.locator(`#pb-stages-${n}-milestones-0-title`).fill("Renewal call");
    await page.getByRole("button", { name: "Add a milestone to “Renewal”" }).click();
    await page.locator(`#pb-stages-${n}-milestones-1-title`).fill("Send the renewal quote");
    await page.locator(`#pb-stages-${n}-milestones-1-ownerSide`).selectOption("customer");
    await page.locator(`#pb-stages-${n}-milestones-1-ownerRole`).selectOption("executive_sponsor");

    // The quote moves above the call, and the stage above the one before it, by keyboard.
    await moveByKeyboard(page, 'milestone "Send the renewal quote"', "ArrowUp", 1, 2);
    await expect(page.locator(`#pb-stages-${n}-milestones-0-title`).inputValue()).resolves.toBe(
      "Send the renewal quote",
    );
    await moveByKeyboard(page, 'stage "Renewal"', "ArrowUp", n, n + 1);
    const moved = await stageNames(page);
    expect(moved[n - 1]).toBe(`${n}. Renewal`);
    expect(moved[n]).toBe(`${n + 1}. ${before[n - 1]!.replace(/^\d+\. /, "")}`);
    await expect(axe(page)).resolves.toEqual([]);
    expect(await scrollsSideways(page), "the editor with a new stage scrolls sideways at 320 px").toBe(false);

    await page.getByRole("button", { name: "Save draft" }).click();
    await page.getByRole("status").filter({ hasText: "Draft saved." }).waitFor();
    // The new rows got keys from their names, and the order held.
    await page.getByText("Key: renewal", { exact: true }).waitFor();
    expect((await stageNames(page))[n - 1]).toBe(`${n}. Renewal`);
    await expect(page.getByTestId("draft-state").textContent()).resolves.toContain(
      "The saved draft differs from version 1",
    );

    // The customer's view of the draft holds the new stage and its steps.
    await page.getByRole("button", { name: "Preview as the customer" }).click();
    const preview = page.getByTestId("playbook-preview");
    await preview.getByRole("heading", { name: `${n}. Renewal` }).waitFor();
    await expect(preview.textContent()).resolves.toContain("Send the renewal quote");
    await expect(axe(page)).resolves.toEqual([]);
    expect(await scrollsSideways(page), "the preview scrolls sideways at 320 px").toBe(false);

    await page.getByLabel(/^What changed/).fill("A renewal stage before the last one.");
    await page.getByRole("button", { name: "Publish version 2" }).click();
    await page.getByRole("status").filter({ hasText: "Published version 2." }).waitFor();

    await page.goto("/admin/playbooks");
    const listed = await page.getByTestId("playbook").filter({ hasText: PLAYBOOK }).textContent();
    expect(listed).toContain("Version 2");
    expect(listed).toContain("A renewal stage before the last one.");
    await context.close();
    // Four axe passes over the whole demo playbook's editor take most of this on a shared machine.
  }, 300_000);
});
