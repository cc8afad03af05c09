// The account page reads its journey, timeline, owner picker and survey answers in one statement
// (ADR 019). The folded reads must say exactly what the separate reads say, for every demo account
// and every staff role, and must find nothing outside the reader's scope.
import { expect, it } from "vitest";
import type { Actor } from "~/modules/accounts/access.server";
import { listOwnerCandidates } from "~/modules/accounts/list-owner-candidates.server";
import { journeyHealthJson } from "~/modules/insights/get-account-health.server";
import { getJourney } from "~/modules/journeys/get-journey.server";
import { getTimeline } from "~/modules/journeys/get-timeline.server";
import { listAccountPulse } from "~/modules/pulse/list-account-pulse.server";
import { seedDemo } from "~/server/demo/seed-demo";
import { PULSE_SHOWN, readAccountPage } from "~/server/read-account-page.server";
import { db } from "./factories";

const SEEDED = new Date("2026-11-23T09:00:00Z");

it("the one statement gives what the separate reads give, for every demo account and staff role", {
  timeout: 60_000,
}, async () => {
  await seedDemo(db(), SEEDED);
  const accounts = await db().selectFrom("accounts").select(["id", "csm_id"]).execute();
  expect(accounts.length).toBeGreaterThanOrEqual(4);
  const staff = await db()
    .selectFrom("users")
    .select(["id", "role"])
    .where("role", "in", ["admin", "csm", "viewer"])
    .where("email", "like", "%@waypoint.example")
    .execute();
  const roles = new Set(staff.map((s) => s.role));
  expect(roles).toEqual(new Set(["admin", "csm", "viewer"]));

  let compared = 0;
  let withPulse = 0;
  for (const person of staff) {
    const actor: Actor = { id: person.id, role: person.role, accountId: null };
    for (const account of accounts) {
      for (const limit of [3, null]) {
        const read = await readAccountPage(db(), actor, account.id, limit, SEEDED);
        const alone = await getJourney(db(), actor, account.id, SEEDED);
        if (!alone) {
          // Outside the reader's scope (another CSM's account): nothing at all.
          expect(read).toBeNull();
          continue;
        }
        expect(read).not.toBeNull();
        if (!read) continue;
        const { extra: _none, ...journey } = alone;
        expect(read.view).toEqual(journey);
        const health = await getJourney(db(), actor, account.id, SEEDED, (j) => journeyHealthJson(j, SEEDED));
        expect(read.health).toEqual(health?.extra ?? null);
        expect(read.timeline).toEqual(await getTimeline(db(), actor, account.id, limit));
        const pulse = await listAccountPulse(db(), actor, account.id, PULSE_SHOWN);
        expect(read.pulse).toEqual(pulse);
        // A read-only viewer gets no owner picker.
        expect(read.owners).toEqual(actor.role === "viewer" ? [] : await listOwnerCandidates(db(), account.id));
        expect(read.canEdit).toBe(actor.role !== "viewer");
        compared++;
        if (pulse.length) withPulse++;
      }
    }
  }
  // Enough to mean something: every account read by someone, and answers among them.
  expect(compared).toBeGreaterThanOrEqual(accounts.length * 2);
  expect(withPulse).toBeGreaterThan(0);
  // A CSM reads none of another CSM's accounts.
  const diego = await db()
    .selectFrom("users")
    .select("id")
    .where("email", "=", "diego@waypoint.example")
    .executeTakeFirstOrThrow();
  const other = accounts.find((a) => a.csm_id !== diego.id);
  expect(other).toBeDefined();
  if (other)
    expect(await readAccountPage(db(), { id: diego.id, role: "csm", accountId: null }, other.id, 3, SEEDED)).toBeNull();
});

it("an address that is not an account's id reads as nothing", async () => {
  const admin = { id: "00000000-0000-4000-8000-000000000000", role: "admin" as const, accountId: null };
  expect(await readAccountPage(db(), admin, "not-a-uuid", 3, SEEDED)).toBeNull();
  expect(await readAccountPage(db(), admin, "00000000-0000-4000-8000-000000000001", 3, SEEDED)).toBeNull();
});
