// The demo case from issue 9: after `npm run nudges -- --at 2026-11-23T15:00:00Z`,
// Tom and Sam (vendor staff who own steps on accounts they are not the CSM of)
// get digests whose "mark as done" links work, and whose links all open for them.
import { expect, it } from "vitest";
import { emailContext } from "~/modules/email/email-context.server";
import { renderOutboxEmail } from "~/modules/email/render-email.server";
import { runNudgeSweep } from "~/modules/email/run-nudge-sweep.server";
import { checkLink, type DoneClaims } from "~/modules/email/signed-links.server";
import { completeFromEmail, describeDoneLink } from "~/modules/journeys/complete-from-email.server";
import { seedDemo } from "~/server/demo/seed-demo";
import { nudgeRules, parseEnv } from "~/utils/env.server";
import { db } from "./factories";

const SEEDED = new Date("2026-11-23T09:00:00Z");
const AT = new Date("2026-11-23T15:00:00Z");

it("Tom's and Sam's digest links complete their steps, and link to nothing they cannot open", {
  timeout: 60_000,
}, async () => {
  await seedDemo(db(), SEEDED);
  // Tom's one step due in the demo ("Review support history", Initech) is
  // optional and long past its date, and an optional step is never overdue and
  // never nudged once past its date (ADR 021). Made required, it is the late
  // step this test needs him to own.
  await db()
    .updateTable("journey_milestones")
    .set({ required: true })
    .where("title", "=", "Review support history")
    .where("owner_user_id", "=", db().selectFrom("users").select("id").where("email", "=", "tom@waypoint.example"))
    .execute();
  const env = parseEnv({ APP_URL: "http://portal.test" });
  const queued = await runNudgeSweep(db(), AT, nudgeRules(env));
  const ctx = await emailContext(db(), env);
  for (const email of ["tom@waypoint.example", "sam@waypoint.example"]) {
    const digest = queued.find((q) => q.toEmail === email && q.kind === "nudge_digest");
    expect(digest, email).toBeDefined();
    const row = await db()
      .selectFrom("email_outbox as o")
      .innerJoin("users as u", "u.id", "o.recipient_user_id")
      .selectAll("o")
      .select(["u.name as recipient_name", "u.role as recipient_role"])
      .where("o.id", "=", digest!.outboxId)
      .executeTakeFirstOrThrow();
    const rendered = await renderOutboxEmail(row, ctx);
    const hrefs = [...rendered.html.matchAll(/href="([^"]+)"/g)].map((m) => m[1].replaceAll("&amp;", "&"));
    // They are not the CSM of these accounts: no link to an account page they would get a 404 on.
    expect(
      hrefs.filter((h) => h.includes("/csm/accounts/")),
      email,
    ).toEqual([]);
    const tokens = [...new Set(hrefs.filter((h) => h.includes("/email/done?token=")).map((h) => h.split("token=")[1]))];
    expect(tokens.length, email).toBeGreaterThan(0);
    for (const token of tokens) {
      const checked = checkLink(ctx.secret, token, AT);
      expect("claims" in checked, email).toBe(true);
      const claims = (checked as { claims: DoneClaims }).claims;
      expect((await describeDoneLink(db(), claims)).personName).toBe(row.recipient_name);
      expect((await completeFromEmail(db(), claims, AT)).changed).toBe(true);
      const m = await db()
        .selectFrom("journey_milestones")
        .select(["status", "completed_by"])
        .where("id", "=", claims.m)
        .executeTakeFirstOrThrow();
      expect(m).toEqual({ status: "done", completed_by: row.recipient_user_id });
    }
  }
});
