// End to end: the real server (`tsx app/server/start.ts`, embedded PostgreSQL,
// demo data) driven by a real Chromium. A customer completes a milestone, it
// persists, and their CSM sees it on the account's timeline. Also a phone-sized
// screenshot of the journey page, checked for horizontal overflow.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { ARTIFACTS, newContext, readProgress, signIn, startPortalAroundTests, waitForHydration } from "./harness";

const CUSTOMER = { email: "frank@globex.example", name: "Frank Miller" };
const CSM = { email: "diego@waypoint.example" };
const ACCOUNT = "Globex Logistics";
// Customer-owned, open, in Globex's current stage (Adoption) in db/seed/demo.ts.
const MILESTONE = "Reach your first success goal";

startPortalAroundTests();

describe("customer journey", () => {
  test("a customer completes a milestone and their CSM sees it on the timeline", async () => {
    // The customer.
    const customer = await newContext();
    const page = await customer.newPage();
    // The app must work under its Content-Security-Policy: nothing blocked.
    const cspViolations: string[] = [];
    page.on("console", (msg) => {
      if (/Content Security Policy|Refused to (execute|load|apply)/i.test(msg.text())) cspViolations.push(msg.text());
    });
    await signIn(page, CUSTOMER.email, /\/journey$/, ACCOUNT);

    const before = await readProgress(page);
    expect(before.done).toBeLessThan(before.total);

    const markDone = page.getByRole("button", { name: `Mark "${MILESTONE}" as done`, exact: true });
    await expect(markDone.count()).resolves.toBe(1);
    await waitForHydration(page, '[data-testid="progress-figure"]');
    await markDone.click();

    // The figure comes from the loader, so it changes only once the server has saved it.
    const expected = before.done + 1;
    await page.waitForFunction(
      (n) => document.querySelector('[data-testid="progress-figure"]')?.textContent?.trim().startsWith(`${n} of `),
      expected,
    );
    const after = await readProgress(page);
    expect(after).toMatchObject({ done: expected, total: before.total });
    // The control's name says what pressing it now does; no aria-pressed says it twice (issue 9, item 17).
    const reopen = page.getByLabel(`Reopen "${MILESTONE}"`, { exact: true });
    await expect(reopen.getAttribute("aria-pressed")).resolves.toBeNull();
    // A screen reader hears the new progress.
    await expect(page.getByTestId("progress-announcement").textContent()).resolves.toBe(
      `${expected} of ${before.total} done.`,
    );

    // It persisted.
    await page.reload();
    await expect(readProgress(page)).resolves.toMatchObject({ done: expected, total: before.total });
    await expect(page.getByLabel(`Reopen "${MILESTONE}"`, { exact: true }).count()).resolves.toBe(1);
    await expect(page.getByRole("button", { name: `Mark "${MILESTONE}" as done`, exact: true }).count()).resolves.toBe(
      0,
    );

    expect(cspViolations).toEqual([]);
    await customer.close();

    // Their CSM, with fresh cookies.
    const staff = await newContext();
    const csmPage = await staff.newPage();
    await signIn(csmPage, CSM.email, /\/csm$/, "Your portfolio");
    await csmPage.getByRole("link", { name: ACCOUNT, exact: true }).click();
    await csmPage.waitForURL(/\/csm\/accounts\/[^/]+$/);
    await csmPage.getByRole("heading", { level: 1, name: ACCOUNT, exact: true }).waitFor();
    const timeline = csmPage.getByTestId("timeline");
    await timeline.waitFor();
    await expect(timeline.textContent()).resolves.toContain(`${CUSTOMER.name} completed "${MILESTONE}"`);
    await staff.close();
  });

  test("on a phone, the current stage leads: finished and later stages are one line each, opened by a link", async () => {
    // Hana (Initech) is in Retention, the fourth of six stages, with three stages and 13 steps behind her.
    const phone = await newContext({ viewport: { width: 375, height: 800 } });
    const page = await phone.newPage();
    await signIn(page, "hana@initech.example", /\/journey$/, "Initech Health");
    await page.getByTestId("progress-figure").waitFor();
    const current = page.getByRole("heading", { level: 2, name: "4. Retention", exact: true });
    const box = await current.boundingBox();
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    console.log(`Hana's journey at 375 px: page ${height} px tall, current stage heading at ${box?.y} px`);
    expect(box, "the current stage's heading").not.toBeNull();
    expect(box!.y).toBeLessThan(900);
    // Only the current stage's steps are on the page; every other stage is its one line.
    const currentSteps = page.locator("#stage-4 li[id^='milestone-']");
    await expect(page.locator("li[id^='milestone-']").count()).resolves.toBe(await currentSteps.count());
    await expect(page.getByTestId("stage-summary").count()).resolves.toBe(5);
    await expect(page.locator("#stage-1").textContent()).resolves.toMatch(/^1\. PurchaseDoneDone on .+ · \d+ steps/);
    await expect(page.locator("#stage-5").textContent()).resolves.toMatch(/^5\. ExpansionUpcoming\d+ steps/);

    // A finished stage opens by its link, as lines, and closes again; the current stage stays first.
    await waitForHydration(page, '[data-testid="progress-figure"]');
    await page.getByRole("link", { name: "Show the steps of Purchase", exact: true }).click();
    await page.waitForURL(/\/journey\?stage=1#stage-1$/);
    const signed = page.locator("#stage-1").getByTestId("milestone-line").filter({ hasText: "Sign the contract" });
    await signed.waitFor();
    await expect(signed.textContent()).resolves.toContain("Done by");
    await expect(page.locator("section[id^='stage-']").first().getAttribute("id")).resolves.toBe("stage-4");
    await page.getByRole("link", { name: "Hide the steps of Purchase", exact: true }).click();
    await page.waitForURL(/\/journey#stage-1$/);
    await expect.poll(() => signed.count()).toBe(0);
    await phone.close();

    // Without script, the same links work as plain pages.
    const noScript = await newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 800 } });
    const plain = await noScript.newPage();
    await signIn(plain, "hana@initech.example", /\/journey$/, "Initech Health");
    await plain.getByRole("link", { name: "Show the steps of Onboarding", exact: true }).click();
    await plain.waitForURL(/\/journey\?stage=2#stage-2$/);
    await expect(plain.locator("#stage-2").getByTestId("milestone-line").count()).resolves.toBeGreaterThan(0);
    await noScript.close();
  });

  test("finishing a stage puts the stage emails in the outbox, readable as the recipient sees them", async () => {
    // Initech is in Retention with one required milestone left, owned by the customer.
    const customer = await newContext();
    const page = await customer.newPage();
    await signIn(page, "hana@initech.example", /\/journey$/, "Initech Health");
    await waitForHydration(page, '[data-testid="progress-figure"]');
    await page.getByRole("button", { name: 'Mark "Complete the satisfaction survey" as done', exact: true }).click();
    const reopen = page.getByLabel('Reopen "Complete the satisfaction survey"', { exact: true });
    await reopen.waitFor();
    // Once the server has saved it, the page says what the stage achieved and what comes next, at the
    // top and to a screen reader, in the same words.
    const notice =
      /^Retention is complete: \d+ steps done\. Next: Expansion — Decide together what the next year should look like, from renewing your plan to adding teams or capabilities\.$/;
    const panel = page.getByTestId("stage-done-notice");
    await panel.waitFor();
    const said = (await panel.textContent()) ?? "";
    expect(said).toMatch(notice);
    await expect.poll(() => page.getByTestId("progress-announcement").textContent()).toMatch(/^\d+ of \d+ done\. /);
    await expect(page.getByTestId("progress-announcement").textContent()).resolves.toContain(said);
    // The step just done keeps its card and place; the finished stage stays open until the page is left.
    await expect(page.getByTestId("milestone").filter({ has: reopen }).count()).resolves.toBe(1);
    await expect(page.getByTestId("current-stage").textContent()).resolves.toBe("Expansion");
    // Dismissing puts the panel away and says nothing new.
    const heard = await page.getByTestId("progress-announcement").textContent();
    await page.getByRole("link", { name: "Dismiss this message", exact: true }).click();
    await expect.poll(() => panel.count()).toBe(0);
    await expect(page.getByTestId("progress-announcement").textContent()).resolves.toBe(heard);
    await customer.close();

    const staff = await newContext();
    const csmPage = await staff.newPage();
    await signIn(csmPage, CSM.email, /\/csm$/, "Your portfolio");
    await csmPage.getByRole("link", { name: "Outbox", exact: true }).click();
    await csmPage.getByRole("heading", { level: 1, name: "Outbox" }).waitFor();
    const rows = csmPage.getByTestId("outbox-row").filter({ hasText: "Initech Health" });
    const internal = rows.filter({ hasText: "Initech Health moved to Expansion" });
    // The worker in `npm start` renders and keeps them (no RESEND_API_KEY in the demo).
    await expect
      .poll(
        async () => {
          await csmPage.reload();
          return internal.getByTestId("email-status").textContent();
        },
        { timeout: 20_000 },
      )
      .toBe("kept (not sent)");
    // Newest first: the Expansion welcome to the customer who finished the stage.
    const toHana = rows.filter({ hasText: "To Hana Suzuki" }).first();
    await expect(toHana.getByRole("link").textContent()).resolves.toBe("Ready to grow, Initech Health?");
    await toHana.getByRole("link").click();
    await csmPage.getByTestId("email-subject").waitFor();
    const preview = csmPage.frameLocator('[data-testid="email-html"]');
    await expect(preview.getByText("Expansion", { exact: true }).first().textContent()).resolves.toBe("Expansion");
    await expect(csmPage.getByTestId("email-text").textContent()).resolves.toContain("/journey");
    await expect(csmPage.getByText("List-Unsubscribe-Post").count()).resolves.toBe(1);
    await staff.close();
  });

  test("a CSM invites a contact, who accepts from the outbox email and lands on their journey", async () => {
    const staff = await newContext();
    const csmPage = await staff.newPage();
    await signIn(csmPage, CSM.email, /\/csm$/, "Your portfolio");
    await csmPage.getByRole("link", { name: ACCOUNT, exact: true }).click();
    await csmPage.getByRole("link", { name: "Contacts and invitations" }).click();
    await csmPage.getByRole("heading", { level: 1, name: `Contacts at ${ACCOUNT}` }).waitFor();
    await csmPage.getByLabel("Name").fill("Olivia Grant");
    await csmPage.getByLabel("Email").fill("olivia@globex.example");
    await csmPage.getByRole("button", { name: "Send invitation" }).click();
    await csmPage.getByRole("status").filter({ hasText: "Invited: olivia@globex.example" }).waitFor();
    await expect(csmPage.getByTestId("contact").filter({ hasText: "Olivia Grant" }).textContent()).resolves.toContain(
      "Invited",
    );

    // The demo keeps emails in the outbox: open the invitation there.
    await csmPage.getByRole("link", { name: "Outbox", exact: true }).click();
    await csmPage.getByRole("heading", { level: 1, name: "Outbox" }).waitFor();
    const row = csmPage.getByTestId("outbox-row").filter({ hasText: "To Olivia Grant" });
    await expect
      .poll(
        async () => {
          await csmPage.reload();
          return row.getByTestId("email-status").textContent();
        },
        { timeout: 20_000 },
      )
      .toBe("kept (not sent)");
    await row.getByRole("link").click();
    await csmPage.getByTestId("email-subject").waitFor();
    const text = (await csmPage.getByTestId("email-text").textContent()) ?? "";
    const acceptUrl = /http:\/\/[^\s]+\/invitations\/accept\?token=[A-Za-z0-9_-]+/.exec(text)?.[0];
    expect(acceptUrl, text).toBeTruthy();
    await staff.close();

    // The contact, in their own browser (the link points at the configured host; keep its path).
    const contact = await newContext();
    const page = await contact.newPage();
    const { pathname, search } = new URL(acceptUrl!);
    await page.goto(pathname + search);
    await page.getByRole("heading", { name: `Join ${ACCOUNT}'s customer portal` }).waitFor();
    await page.getByRole("button", { name: "Accept and sign in" }).click();
    await page.waitForURL(/\/journey$/);
    await page.getByRole("heading", { level: 1, name: ACCOUNT, exact: true }).waitFor();
    await contact.close();
  });

  test("reopening a done step takes a confirmation; our team's steps say so in words", async () => {
    const customer = await newContext();
    const page = await customer.newPage();
    await signIn(page, CUSTOMER.email, /\/journey$/, ACCOUNT);
    await waitForHydration(page, '[data-testid="progress-figure"]');
    const markDone = page.getByRole("button", { name: `Mark "${MILESTONE}" as done`, exact: true });
    if ((await markDone.count()) === 1) {
      await markDone.click();
      await page.getByLabel(`Reopen "${MILESTONE}"`, { exact: true }).waitFor();
    }
    const before = await readProgress(page);

    // The first click only asks.
    await page.getByLabel(`Reopen "${MILESTONE}"`, { exact: true }).click();
    const yes = page.getByRole("button", { name: "Yes, reopen", exact: true });
    await yes.waitFor();
    await expect(readProgress(page)).resolves.toMatchObject({ done: before.done });
    // The confirmation reopens, and says so.
    await yes.click();
    await markDone.waitFor();
    await expect.poll(() => readProgress(page)).toMatchObject({ done: before.done - 1 });
    await expect
      .poll(() => page.getByTestId("progress-announcement").textContent())
      .toBe(`${before.done - 1} of ${before.total} done.`);

    // A step our team owns: visible words, not an unlabelled picture with a tooltip.
    await expect(page.locator('[role="img"][aria-label="Open"]').count()).resolves.toBe(0);
    await expect(page.getByText("Open · Our team does this step").count()).resolves.toBeGreaterThan(0);
    await customer.close();
  });

  test("the staff edit panel answers each form beside it and empties the note once added", async () => {
    const staff = await newContext();
    const page = await staff.newPage();
    await signIn(page, CSM.email, /\/csm$/, "Your portfolio");
    await page.getByRole("link", { name: ACCOUNT, exact: true }).click();
    await page.getByRole("heading", { level: 1, name: ACCOUNT, exact: true }).waitFor();
    await waitForHydration(page, '[data-testid="progress-figure"]');
    // The step's one edit panel opens by its link (ADR 032).
    const item = page.getByTestId("milestone").filter({ hasText: MILESTONE });
    await item.getByRole("link", { name: `Edit "${MILESTONE}"`, exact: true }).click();
    await page.waitForURL(/\?edit=[0-9a-f-]{36}#milestone-/);
    await item.getByTestId("edit-panel").waitFor();
    await waitForHydration(page, '[data-testid="edit-panel"]');

    const note = item.getByLabel("Note", { exact: true });
    await note.fill("Called them about the goal.");
    await item.getByRole("button", { name: "Add note" }).click();
    await item.getByRole("status").filter({ hasText: "Note added." }).waitFor();
    await expect.poll(() => note.inputValue()).toBe("");

    await item.getByLabel("Due date", { exact: true }).fill("2020-01-01");
    await item.getByRole("button", { name: "Save" }).nth(1).click();
    await item
      .getByRole("status")
      .filter({ hasText: "Due date moved to Jan 1, 2020. That date is in the past" })
      .waitFor();
    // One answer per form: the note's line has not become the date's.
    await expect(item.getByRole("status").filter({ hasText: "Note added." }).count()).resolves.toBe(1);
    await staff.close();
  });

  test("the journey page fits a phone screen", async () => {
    const phone = await newContext({ viewport: { width: 390, height: 844 } });
    const page = await phone.newPage();
    await signIn(page, CUSTOMER.email, /\/journey$/, ACCOUNT);
    await page.getByTestId("progress-figure").waitFor();
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, "journey-phone.png"), fullPage: true });

    const overflow = await page.evaluate(() => {
      // What widens the page: the elements whose right edge is the page's width
      // (ones clipped by a scrolling ancestor can reach further without counting).
      const scrollWidth = document.documentElement.scrollWidth;
      const describeEl = (el: Element) => `<${el.tagName.toLowerCase()} class="${el.getAttribute("class") ?? ""}">`;
      const culprits = [...document.querySelectorAll("body *")]
        .filter((el) => Math.abs(el.getBoundingClientRect().right - scrollWidth) <= 1)
        .slice(0, 3)
        .map((el) => `${describeEl(el)} in ${describeEl(el.parentElement!)}`);
      return { scrollWidth, innerWidth: window.innerWidth, culprits };
    });
    expect(
      overflow.scrollWidth,
      `The journey page scrolls sideways on a ${overflow.innerWidth}px-wide phone (page is ${overflow.scrollWidth}px wide). ` +
        `Elements ending at the page's right edge: ${overflow.culprits.join("; ") || "none found"}`,
    ).toBeLessThanOrEqual(overflow.innerWidth);
    await phone.close();
  });
});
