// Issue 10's "Done when", end to end from an empty database: the first-run link
// creates the admin, who brands the workspace, creates an account with two
// contacts and invites one; the contact accepts from the outbox email and sees
// the branded journey with its due dates; the admin adds a step to that journey
// only and marks another not applicable, and the contact sees both.
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { brandShades } from "~/modules/workspace/brand-colour";
import { demoPlaybook, seedPlaybook } from "~/server/demo/seed-playbook";
import { createDb, type DB } from "~/utils/db.server";
import { axeViolations, newContext, serverOutput, startPortalAroundTests, waitForHydration } from "./harness";

startPortalAroundTests({ demo: false });

const VENDOR = "Acme Cloud";
const COLOUR = "#0b6e4f";
const ACCOUNT = "Umbrella Analytics";
const STARTED_ON = "2026-11-02";
const INVITED = { name: "Ada Lovelace", email: "ada@umbrella.example" };
const OTHER = { name: "Ben Carter", email: "ben@umbrella.example" };
const ADDED = "Security questionnaire";
const ADDED_DUE = "2030-01-15";
const REASON = "Umbrella signed on paper last year";

// A 1×1 PNG: the logo's bytes are checked, not its looks.
const PNG_LOGO = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);

const setupLink = () => {
  const link = /\/setup\?token=[\w-]{43}/.exec(serverOutput())?.[0];
  if (!link) throw new Error(`npm start printed no setup link:\n${serverOutput()}`);
  return link;
};

/**
 * The database the server printed (its embedded PostgreSQL, with the password kept
 * in its data directory). An empty install has no playbook and no page makes one,
 * so the test writes the demo playbook there with the app's own seed helper.
 */
async function withServerDb<T>(work: (db: DB) => Promise<T>): Promise<T> {
  const m = /embedded PostgreSQL on 127\.0\.0\.1:(\d+) \(data in (.+)\/postgres\)/.exec(serverOutput());
  if (!m) throw new Error(`The server printed no embedded database:\n${serverOutput()}`);
  const password = fs.readFileSync(path.join(m[2]!, "postgres.password"), "utf8").trim();
  const db = createDb(`postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${m[1]}/waypoint`, 2);
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const shown = (date: string) =>
  new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" }).format(
    new Date(`${date}T00:00:00Z`),
  );

describe("an empty install, end to end", () => {
  test("first admin, branding, an account with an invited contact, and one journey's own edits", async () => {
    const problems: string[] = [];
    const axe = async (page: Page, where: string) => {
      for (const v of await axeViolations(page)) problems.push(`${where}: ${v}`);
    };

    // 1. The first-run link creates the admin, who lands signed in.
    const staff = await newContext();
    const admin = await staff.newPage();
    await admin.goto(setupLink());
    await admin.getByRole("heading", { level: 1, name: "Create the first admin" }).waitFor();
    await admin.getByLabel("Your name").fill("Grace Vendor");
    await admin.getByLabel("Work email").fill("grace@vendor.example");
    await admin.getByLabel("Choose a password").fill("a long enough password");
    await admin.getByRole("button", { name: "Create admin and sign in" }).click();
    await admin.waitForURL(/\/csm$/);
    await admin.getByRole("heading", { level: 1 }).first().waitFor();

    // 2. The vendor's name, colour and logo.
    await admin.goto("/admin/settings");
    await admin.getByRole("heading", { level: 1, name: "Workspace settings" }).waitFor();
    await admin.getByLabel("Vendor name").fill(VENDOR);
    await admin.getByLabel("Brand colour").fill(COLOUR);
    await admin.getByRole("button", { name: "Save settings" }).click();
    await admin.getByRole("status").filter({ hasText: "Settings saved." }).waitFor();
    await admin
      .getByLabel("Upload a logo")
      .setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: PNG_LOGO });
    await admin.getByRole("button", { name: "Upload logo" }).click();
    await admin.getByRole("status").filter({ hasText: "Logo uploaded." }).waitFor();
    await axe(admin, "/admin/settings");

    // 3. An account with two contacts, one invited now.
    await withServerDb((db) => seedPlaybook(db, demoPlaybook()));
    await admin.goto("/csm/accounts/new");
    await admin.getByRole("heading", { level: 1, name: "New account" }).waitFor();
    await admin.getByLabel("Account name").fill(ACCOUNT);
    await admin.getByLabel("Start date").fill(STARTED_ON);
    await admin.getByLabel("Playbook").selectOption({ label: demoPlaybook().name });
    await admin.getByLabel("Contact 1 name").fill(INVITED.name);
    await admin.getByLabel("Contact 1 email").fill(INVITED.email);
    await admin.locator("#contact1Invite").check();
    await admin.getByLabel("Contact 2 name").fill(OTHER.name);
    await admin.getByLabel("Contact 2 email").fill(OTHER.email);
    await axe(admin, "/csm/accounts/new");
    await admin.getByRole("button", { name: "Create account and start journey" }).click();
    await admin
      .getByRole("status")
      .filter({ hasText: `Created ${ACCOUNT} and started its journey. Invited: ${INVITED.email}.` })
      .waitFor();

    // The invitation waits in the outbox (no RESEND_API_KEY).
    await admin.goto("/csm/outbox");
    await admin.getByRole("heading", { level: 1, name: "Outbox" }).waitFor();
    const row = admin.getByTestId("outbox-row").filter({ hasText: `To ${INVITED.name}` });
    await expect
      .poll(
        async () => {
          await admin.reload();
          return (await row.count()) ? row.getByTestId("email-status").textContent() : null;
        },
        { timeout: 30_000 },
      )
      .toBe("kept (not sent)");
    await expect(
      admin
        .getByTestId("outbox-row")
        .filter({ hasText: `To ${OTHER.name}` })
        .count(),
    ).resolves.toBe(0);
    await row.getByRole("link").click();
    await admin.getByTestId("email-subject").waitFor();
    const text = (await admin.getByTestId("email-text").textContent()) ?? "";
    const acceptUrl = /http:\/\/[^\s]+\/invitations\/accept\?token=[A-Za-z0-9_-]+/.exec(text)?.[0];
    expect(acceptUrl, text).toBeTruthy();

    // 4. The contact accepts and sees the branded journey with its due dates.
    const customer = await newContext();
    const journey = await customer.newPage();
    const { pathname, search } = new URL(acceptUrl!);
    await journey.goto(pathname + search);
    await journey.getByRole("heading", { name: `Join ${ACCOUNT}'s customer portal` }).waitFor();
    await journey.getByRole("button", { name: "Accept and sign in" }).click();
    await journey.waitForURL(/\/journey$/);
    await journey.getByRole("heading", { level: 1, name: ACCOUNT, exact: true }).waitFor();
    await expect(journey.locator("header").first().textContent()).resolves.toContain(VENDOR);
    await expect(
      journey.evaluate(() => document.documentElement.style.getPropertyValue("--brand-600").trim()),
    ).resolves.toBe(brandShades(COLOUR)["600"]);
    const [first, second, third] = demoPlaybook().stages[0]!.milestones;
    for (const m of [first!, second!]) {
      expect(m.dueOffsetKind ?? "calendar").toBe("calendar");
      const due = addDays(STARTED_ON, m.dueOffsetDays);
      const time = journey.getByTestId("milestone").filter({ hasText: m.title }).locator("time").first();
      await expect(time.getAttribute("datetime")).resolves.toBe(due);
      await expect(time.textContent()).resolves.toBe(shown(due));
    }
    await axe(journey, "/journey");

    // 5. On the account page: a step for this journey only, and one not applicable.
    await admin.goto("/csm");
    await admin.getByRole("link", { name: ACCOUNT, exact: true }).click();
    await admin.waitForURL(/\/csm\/accounts\/[^/]+$/);
    await waitForHydration(admin, "#add-title");
    await admin.locator("#add-title").fill(ADDED);
    const owner = await admin.locator("#add-owner option", { hasText: INVITED.name }).getAttribute("value");
    await admin.locator("#add-owner").selectOption(owner!);
    await admin.locator("#add-due").fill(ADDED_DUE);
    await admin.getByRole("button", { name: "Add step" }).click();
    await admin
      .getByRole("status")
      .filter({ hasText: `Added "${ADDED}", due ${shown(ADDED_DUE)}.` })
      .waitFor();
    await admin.getByTestId("milestone").filter({ hasText: ADDED }).waitFor();
    const skip = admin.getByTestId("milestone").filter({ hasText: third!.title });
    await skip.getByRole("link", { name: `Edit "${third!.title}"`, exact: true }).click();
    await skip.getByTestId("edit-panel").waitFor();
    await skip.getByText("Not applicable to this account?").click();
    await skip.getByLabel("Reason (the customer sees it)").fill(REASON);
    await skip.getByRole("button", { name: "Mark not applicable" }).click();
    await skip.getByTestId("not-needed").waitFor();
    await skip.getByRole("status").filter({ hasText: "Marked not applicable." }).waitFor();
    await axe(admin, "/csm/accounts/:id");
    await staff.close();

    // The playbook stays as it was: the step belongs to this journey only.
    const inPlaybook = await withServerDb((db) =>
      db.selectFrom("playbook_milestones").select("id").where("title", "=", ADDED).execute(),
    );
    expect(inPlaybook).toEqual([]);

    await journey.reload();
    await journey.getByRole("heading", { level: 1, name: ACCOUNT, exact: true }).waitFor();
    const added = journey.getByTestId("milestone").filter({ hasText: ADDED });
    await expect(added.count()).resolves.toBe(1);
    await expect(added.locator("time").first().getAttribute("datetime")).resolves.toBe(ADDED_DUE);
    // A closed step in the current stage is a line on the customer's page (ADR 029), a card for staff.
    const skipped = journey
      .locator('[data-testid="milestone"], [data-testid="milestone-line"]')
      .filter({ hasText: third!.title });
    await expect(skipped.getByTestId("not-needed").textContent()).resolves.toBe(`Not needed${REASON}`);
    await axe(journey, "/journey after the edits");
    await customer.close();

    expect(problems).toEqual([]);
  });
});
