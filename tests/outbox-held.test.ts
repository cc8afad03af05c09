// The outbox says when a held email goes out: a reminder queued outside the recipient's working
// hours waits (send_after), and the staff's list shows until when, in the reader's timezone.
import { afterAll, beforeAll, expect, it } from "vitest";
import { db, makeStaff, sessionCookie } from "./factories";
import { startTestServer, type TestServer } from "./helpers/http";

let server: TestServer;
let cookie: string;

beforeAll(async () => {
  server = await startTestServer();
  const admin = await makeStaff({ role: "admin", name: "Olive Outbox" });
  await db().updateTable("users").set({ timezone: "UTC" }).where("id", "=", admin.id).execute();
  cookie = await sessionCookie(admin.id);
  const now = new Date();
  const row = (key: string, subject: string, sendAfter: Date | null, status: "queued" | "sent") => ({
    dedupe_key: key,
    kind: "nudge_digest" as const,
    recipient_user_id: admin.id,
    to_email: "olive@waypoint.example",
    account_id: null,
    payload: JSON.stringify({}),
    subject,
    html: null,
    text: null,
    status,
    last_error: null,
    provider_id: null,
    claimed_until: null,
    next_attempt_at: sendAfter,
    send_after: sendAfter,
    created_at: now,
    sent_at: status === "sent" ? now : null,
    updated_at: now,
  });
  await db()
    .insertInto("email_outbox")
    .values([
      row("held", "Held reminder", new Date("2099-03-04T08:00:00Z"), "queued"),
      row("now", "Plain reminder", null, "queued"),
      row("late", "Late reminder", new Date(now.getTime() - 60_000), "queued"),
      row("gone", "Sent reminder", new Date(now.getTime() + 60_000), "sent"),
    ])
    .execute();
});

afterAll(() => server?.close());

it("a held email shows until when it waits; one due at once, or already sent, shows no wait", async () => {
  const html = await (await server.get("/csm/outbox", cookie)).text();
  const rows = html.split('data-testid="outbox-row"').slice(1);
  const rowOf = (subject: string) => rows.find((r) => r.includes(subject)) ?? "";
  expect(rowOf("Held reminder")).toContain("Waits to go out until");
  expect(rowOf("Held reminder")).toMatch(/Mar 4, 2099/);
  expect(rowOf("Plain reminder")).not.toContain("Waits to go out");
  expect(rowOf("Sent reminder")).not.toContain("Waits to go out");
  // Its time has passed: it waits for the worker, not for a time, so no time is shown.
  expect(rowOf("Late reminder")).not.toContain("Waits to go out");
});
