// The demo as people meet it after `npm start`: each account in the stage the
// login list promises, the technical steps owned by the IT contact, the logins usable.
import { expect, it } from "vitest";
import { verifyPassword } from "~/modules/auth/password.server";
import { getDb } from "~/utils/db.server";
import { hasDemoLogins } from "./has-demo-logins";
import { isFreshInstall } from "./is-fresh-install";
import { seedDemo } from "./seed-demo";

const NOW = new Date("2026-11-24T14:00:00Z");

it("seeds a fresh install once, with every account at its point in the journey", { timeout: 60_000 }, async () => {
  const db = getDb();
  expect(await isFreshInstall(db)).toBe(true);
  expect(await hasDemoLogins(db)).toBe(false);

  await seedDemo(db, NOW);

  expect(await isFreshInstall(db)).toBe(false);
  expect(await hasDemoLogins(db)).toBe(true);
  const stages = await db
    .selectFrom("journeys as j")
    .innerJoin("accounts as a", "a.id", "j.account_id")
    .innerJoin("journey_stages as s", (join) =>
      join.onRef("s.journey_id", "=", "j.id").onRef("s.position", "=", "j.current_stage_position"),
    )
    .select(["a.name as account", "s.name as stage", "a.started_on"])
    .orderBy("a.name")
    .execute();
  expect(stages.map((s) => [s.account, s.stage, String(s.started_on)])).toEqual([
    ["Acme Analytics", "Onboarding", "2026-11-04"],
    ["Globex Logistics", "Adoption", "2026-09-07"],
    ["Initech Health", "Retention", "2026-05-08"],
    ["Northwind Traders", "Purchase", "2026-11-14"],
  ]);

  const owners = await db
    .selectFrom("journey_milestones as m")
    .innerJoin("journeys as j", "j.id", "m.journey_id")
    .innerJoin("accounts as a", "a.id", "j.account_id")
    .innerJoin("users as u", "u.id", "m.owner_user_id")
    .select(["m.title", "u.email", "m.status"])
    .where("a.name", "=", "Globex Logistics")
    .where("m.title", "in", ["Connect your data sources", "Reach your first success goal"])
    .orderBy("m.title")
    .execute();
  expect(owners).toEqual([
    { title: "Connect your data sources", email: "grace@globex.example", status: "done" },
    { title: "Reach your first success goal", email: "frank@globex.example", status: "open" },
  ]);

  const done = await db
    .selectFrom("milestone_events as e")
    .innerJoin("users as u", "u.id", "e.actor_id")
    .select(["u.email", "e.at"])
    .where("e.kind", "=", "completed")
    .where("u.email", "=", "grace@globex.example")
    .orderBy("e.at")
    .execute();
  // Her two technical steps, on days 20 and 33 of a journey started on 2026-09-07 at 09:00 UTC, five hours in.
  expect(done.map((d) => new Date(d.at).toISOString())).toEqual([
    "2026-09-27T14:00:00.000Z",
    "2026-10-10T14:00:00.000Z",
  ]);

  // Every account has its goals; the first-success step is linked to one (not Globex's, which the
  // browser tests tick off and mark not needed), and Initech's completion recorded its result.
  const goals = await db
    .selectFrom("account_goals as g")
    .innerJoin("accounts as a", "a.id", "g.account_id")
    .leftJoin("journey_milestones as m", "m.goal_id", "g.id")
    .select(["a.name as account", "g.title", "g.status", "g.result", "m.title as step"])
    .orderBy("a.name")
    .orderBy("g.title")
    .execute();
  expect(new Set(goals.map((g) => g.account)).size).toBe(4);
  const linked = goals.filter((g) => g.step === "Reach your first success goal");
  expect(linked.map((g) => [g.account, g.status])).toEqual([
    ["Acme Analytics", "on_track"],
    ["Initech Health", "achieved"],
    ["Northwind Traders", "not_started"],
  ]);
  expect(linked.find((g) => g.account === "Initech Health")?.result).toMatch(/9 minutes/);
  expect(goals.filter((g) => g.status === "achieved" && g.result).length).toBeGreaterThanOrEqual(3);

  const maya = await db
    .selectFrom("users")
    .select("password_hash")
    .where("email", "=", "maya@waypoint.example")
    .executeTakeFirstOrThrow();
  expect(await verifyPassword(maya.password_hash, "waypoint-demo")).toBe(true);
});
