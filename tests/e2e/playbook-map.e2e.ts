// End to end (issue 11 §6, §7): a CSM reads the demo playbook's journey map on a
// wide screen, on a 320 px phone (stages stacked, no sideways scrolling) and in
// print, and its stage emails read-only; an admin rewrites a stage email's words, previews them rendered by the
// email's template, and saves them in the draft. Every page passes axe.
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
