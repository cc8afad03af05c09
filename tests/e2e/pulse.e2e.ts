// Issue 12 §4 in a browser: a customer answers "How did Purchase go?" from the link in their stage
// email (a confirmation page, since mail scanners follow links), the low score reaches their CSM
// as an alert and on the account page, and in the portal they change the answer, announced.
import { describe, expect, test } from "vitest";
import { axeViolations, newContext, signIn, startPortalAroundTests, waitForHydration } from "./harness";

startPortalAroundTests();

// In db/seed/demo.ts Acme Analytics finished Purchase 18 days ago and is in Onboarding; Maya is its CSM.
const CUSTOMER = { email: "chloe@acme.example", name: "Chloe Park" };
const CSM = { email: "maya@waypoint.example" };
const ACCOUNT = "Acme Analytics";
const COMMENT = "Nobody told us who signs the order form.";

describe("pulse surveys", () => {
  test("answered from the stage email's confirmation page, a low score alerts the CSM; changed in the portal", async () => {
    // The CSM's outbox holds the demo's stage email to Chloe (kept, never sent: its links work here).
    const staff = await newContext();
    const csm = await staff.newPage();
    await signIn(csm, CSM.email, /\/csm$/, "Your portfolio");
    await csm.goto("/csm/outbox");
    await csm
      .getByTestId("outbox-row")
      .filter({ hasText: CUSTOMER.email })
      .filter({ hasText: "Stage entered (customer)" })
      .getByRole("link")
      .click();
    const html = (await csm.getByTestId("email-html").getAttribute("srcdoc")) ?? "";
    expect(html).toContain("How did Purchase go?");
    const link = /href="(https?:\/\/[^"]+\/pulse\?token=[^"&]+&amp;score=2)"/.exec(html)?.[1]?.replace(/&amp;/g, "&");
    expect(link).toBeTruthy();

    // Chloe, on her phone, not signed in: the page asks her to confirm the score she clicked.
    const phone = await newContext({ viewport: { width: 320, height: 800 } });
    const page = await phone.newPage();
    await page.goto(new URL(link!).pathname + new URL(link!).search);
    await page.getByRole("heading", { level: 1, name: "How did Purchase go?" }).waitFor();
    await expect(page.getByRole("radio", { name: /^2/ }).isChecked()).resolves.toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.getByRole("radio", { name: "Frustrated" }).check();
    await page.getByLabel(/Anything to add/).fill(COMMENT);
    await page.getByRole("button", { name: "Send my answer" }).click();
    await page.getByRole("heading", { level: 1, name: "Thank you!" }).waitFor();
    await expect(page.getByRole("status").textContent()).resolves.toContain("was sent to your customer success team");
    expect(await axeViolations(page)).toEqual([]);
    await phone.close();

    // The CSM: an alert in the outbox, and the answer marked low on the account page.
    await csm.goto("/csm/outbox");
    await expect(
      csm.getByTestId("outbox-row").filter({ hasText: "Low survey answer" }).filter({ hasText: ACCOUNT }).count(),
    ).resolves.toBe(1);
    await csm.goto("/csm");
    await csm.getByRole("link", { name: ACCOUNT, exact: true }).click();
    await csm.waitForURL(/\/csm\/accounts\/[^/]+$/);
    const feel = csm.locator("#pulse");
    await expect(feel.textContent()).resolves.toContain(COMMENT);
    await expect(feel.getByText("Low:").count()).resolves.toBe(1);
    await expect(csm.getByTestId("timeline").textContent()).resolves.toContain(
      `${CUSTOMER.name} rated Purchase 2 out of 5`,
    );
    expect(await axeViolations(csm)).toEqual([]);
    await staff.close();

    // Chloe in the portal changes her answer within the week; a screen reader hears it.
    const portal = await newContext({ viewport: { width: 375, height: 800 } });
    const journey = await portal.newPage();
    await signIn(journey, CUSTOMER.email, /\/journey$/, ACCOUNT);
    const form = journey.getByRole("form", { name: "How did Purchase go?" });
    await waitForHydration(journey, '[data-testid="progress-figure"]');
    await form.getByRole("radio", { name: /^4/ }).check({ force: true });
    await form.getByRole("radio", { name: "Confident" }).check();
    await form.getByRole("button", { name: "Change my answer" }).click();
    await journey.waitForFunction(() =>
      [...document.querySelectorAll('[role="status"]')].some((el) =>
        el.textContent?.includes("Your answer was changed."),
      ),
    );
    expect(await axeViolations(journey)).toEqual([]);
    await portal.close();
  });
});
