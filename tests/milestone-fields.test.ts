// The playbook document's milestone fields take effect on journeys (ADR 036): internal steps
// never reach the customer, segments choose who gets a step, the first completion of a
// first-value step records time to first value, and stage-entry offsets count from the entry.
import { beforeEach, describe, expect, it } from "vitest";
import { startJourneys } from "~/modules/import/start-journeys.server";
import { addMilestoneComment } from "~/modules/journeys/add-milestone-comment.server";
import { completeMilestone } from "~/modules/journeys/complete-milestone.server";
import { getJourney } from "~/modules/journeys/get-journey.server";
import { getTimeline } from "~/modules/journeys/get-timeline.server";
import { reopenMilestone } from "~/modules/journeys/reopen-milestone.server";
import type { PlaybookDocumentInput } from "~/modules/playbooks/playbook-document";
import { NotFoundError } from "~/utils/errors.server";
import { db, makeAccount, makePlaybook, makeStaff, milestoneSeed } from "./factories";

const T0 = new Date("2026-03-02T10:00:00Z"); // a Monday
const at = (days: number) => new Date(T0.getTime() + days * 86_400_000);

const fieldsPlaybook = (): PlaybookDocumentInput => ({
  name: `Fields ${Math.random()}`,
  stages: [
    {
      key: "setup",
      name: "Setup",
      milestones: [
        { ...milestoneSeed("Sign", "customer", "customer", 0, true), firstValue: true },
        { ...milestoneSeed("Internal review", "vendor", "csm", 1, false), visibility: "internal" },
        { ...milestoneSeed("Enterprise SSO", "customer", "customer", 3, false), segments: ["enterprise"] },
      ],
    },
    {
      key: "live",
      name: "Live",
      milestones: [
        { ...milestoneSeed("Go live", "customer", "customer", 2, true), dueFrom: "stage_entry" },
        {
          ...milestoneSeed("Check in", "vendor", "csm", 3, true),
          dueFrom: "stage_entry",
          dueOffsetKind: "business",
        },
      ],
    },
  ],
});

let csm: { id: string; role: "csm"; accountId: null };
let playbookId: string;

beforeEach(async () => {
  const staff = await makeStaff({ name: "Casey CSM" });
  csm = { id: staff.id, role: "csm", accountId: null };
  playbookId = await makePlaybook(fieldsPlaybook());
});

async function rows(journeyId: string) {
  return db()
    .selectFrom("journey_milestones")
    .select(["id", "title", "due_on", "visibility", "first_value", "due_from"])
    .where("journey_id", "=", journeyId)
    .execute();
}

describe("internal milestones", () => {
  it("are seen by staff, never by the customer: page, timeline, changes, stage emails", async () => {
    const acct = await makeAccount({ csmId: csm.id, playbookId, now: T0 });
    const customer = { id: acct.contacts[0].id, role: "customer" as const, accountId: acct.accountId };
    const titles = (v: Awaited<ReturnType<typeof getJourney>>) =>
      v!.stages.flatMap((s) => s.milestones.map((m) => m.title));

    const staffView = await getJourney(db(), csm, acct.accountId, T0);
    expect(titles(staffView)).toContain("Internal review");
    expect(staffView!.stages[0].milestones.find((m) => m.title === "Internal review")!.internal).toBe(true);
    expect(titles(await getJourney(db(), customer, acct.accountId, T0))).not.toContain("Internal review");

    // The customer cannot reach it by id either.
    await expect(completeMilestone(db(), customer, acct.m["Internal review"], T0)).rejects.toThrow(NotFoundError);
    await expect(addMilestoneComment(db(), customer, acct.m["Internal review"], "What is this?", T0)).rejects.toThrow(
      NotFoundError,
    );
    await completeMilestone(db(), csm, acct.m["Internal review"], T0);
    const customerTimeline = await getTimeline(db(), customer, acct.accountId);
    expect(customerTimeline.some((e) => e.milestoneTitle === "Internal review")).toBe(false);
    expect((await getTimeline(db(), csm, acct.accountId)).some((e) => e.milestoneTitle === "Internal review")).toBe(
      true,
    );

    // Finishing Setup enters Live: the stage emails are queued; only the CSM's copy lists the internal step.
    await completeMilestone(db(), customer, acct.m.Sign, at(1));
    const emails = await db()
      .selectFrom("email_outbox")
      .select(["kind", "payload"])
      .where("account_id", "=", acct.accountId)
      .where("kind", "in", ["stage_entered_customer", "stage_entered_csm"])
      .execute();
    expect(emails.length).toBeGreaterThanOrEqual(2);
    for (const e of emails) {
      const listed = (e.payload.milestones as { title: string }[]).map((m) => m.title);
      expect(listed).toEqual(["Go live", "Check in"]);
    }
  });

  it("the stage email to the customer leaves out internal steps of the entered stage", async () => {
    const pb = await makePlaybook({
      name: `Internal later ${Math.random()}`,
      stages: [
        { key: "a", name: "A", milestones: [milestoneSeed("First", "customer", "customer", 0, true)] },
        {
          key: "b",
          name: "B",
          milestones: [
            milestoneSeed("Public", "customer", "customer", 5, true),
            { ...milestoneSeed("Secret", "vendor", "csm", 5, true), visibility: "internal" },
          ],
        },
      ],
    });
    const acct = await makeAccount({ csmId: csm.id, playbookId: pb, now: T0 });
    const customer = { id: acct.contacts[0].id, role: "customer" as const, accountId: acct.accountId };
    await completeMilestone(db(), customer, acct.m.First, at(1));
    const emails = await db()
      .selectFrom("email_outbox")
      .select(["kind", "payload"])
      .where("account_id", "=", acct.accountId)
      .execute();
    const listed = (kind: string) =>
      (emails.find((e) => e.kind === kind)!.payload.milestones as { title: string }[]).map((m) => m.title);
    expect(listed("stage_entered_customer")).toEqual(["Public"]);
    expect(listed("stage_entered_csm")).toEqual(["Public", "Secret"]);
  });
});

describe("segments", () => {
  it("copy a milestone only for accounts in one of its segments, at start and by import", async () => {
    const enterprise = await makeAccount({ csmId: csm.id, playbookId, now: T0, segment: "enterprise" });
    const smb = await makeAccount({ csmId: csm.id, playbookId, now: T0, segment: "smb" });
    const none = await makeAccount({ csmId: csm.id, playbookId, now: T0 });
    expect(Object.keys(enterprise.m)).toContain("Enterprise SSO");
    expect(Object.keys(smb.m)).not.toContain("Enterprise SSO");
    expect(Object.keys(none.m)).not.toContain("Enterprise SSO");

    // The CSV import's one-statement start follows the same rule.
    for (const [ext, segment] of [
      [`ent-${Math.random()}`, "enterprise"],
      [`smb-${Math.random()}`, "smb"],
    ]) {
      await db()
        .insertInto("accounts")
        .values({ name: ext, csm_id: csm.id, started_on: "2026-03-02", external_id: ext, segment })
        .execute();
      await db()
        .transaction()
        .execute((trx) =>
          startJourneys(trx, [{ externalId: ext, playbookId, startedOn: "2026-03-02", primaryEmail: null }], T0),
        );
      const titles = await db()
        .selectFrom("journey_milestones as m")
        .innerJoin("journeys as j", "j.id", "m.journey_id")
        .innerJoin("accounts as a", "a.id", "j.account_id")
        .select("m.title")
        .where("a.external_id", "=", ext)
        .execute();
      expect(titles.some((t) => t.title === "Enterprise SSO")).toBe(segment === "enterprise");
    }
  });
});

describe("first value", () => {
  it("is recorded by the first completion, and kept when the step is reopened and done again", async () => {
    const acct = await makeAccount({ csmId: csm.id, playbookId, now: T0 });
    const journey = () =>
      db()
        .selectFrom("journeys")
        .select(["first_value_at", "first_value_milestone_id"])
        .where("id", "=", acct.journeyId)
        .executeTakeFirstOrThrow();
    // Another step's completion is not first value.
    await completeMilestone(db(), csm, acct.m["Internal review"], at(1));
    expect((await journey()).first_value_at).toBeNull();

    await completeMilestone(db(), csm, acct.m.Sign, at(3));
    expect(await journey()).toEqual({ first_value_at: at(3), first_value_milestone_id: acct.m.Sign });

    await reopenMilestone(db(), csm, acct.m.Sign, at(4));
    expect((await journey()).first_value_at).toEqual(at(3));
    await completeMilestone(db(), csm, acct.m.Sign, at(6));
    expect((await journey()).first_value_at).toEqual(at(3));
  });
});

describe("due from the stage's entry", () => {
  it("has no due date until the stage is entered, then counts calendar or business days from that day", async () => {
    const acct = await makeAccount({ csmId: csm.id, playbookId, now: T0 });
    const customer = { id: acct.contacts[0].id, role: "customer" as const, accountId: acct.accountId };
    const before = await rows(acct.journeyId);
    expect(before.find((m) => m.title === "Go live")!.due_on).toBeNull();
    expect(before.find((m) => m.title === "Check in")!.due_on).toBeNull();
    expect(before.find((m) => m.title === "Sign")!.due_on).toBe("2026-03-02");
    const view = await getJourney(db(), csm, acct.accountId, T0);
    expect(view!.stages[1].milestones.map((m) => m.dueOn)).toEqual([null, null]);

    // Entered on Thursday 5 March: +2 calendar days is Saturday, +3 business days is Tuesday.
    await completeMilestone(db(), customer, acct.m.Sign, new Date("2026-03-05T15:00:00Z"));
    const after = await rows(acct.journeyId);
    expect(after.find((m) => m.title === "Go live")!.due_on).toBe("2026-03-07");
    expect(after.find((m) => m.title === "Check in")!.due_on).toBe("2026-03-10");
  });

  it("counts from the entry day in the account's timezone", async () => {
    const acct = await makeAccount({ csmId: csm.id, playbookId, now: T0, timezone: "Pacific/Auckland" });
    const customer = { id: acct.contacts[0].id, role: "customer" as const, accountId: acct.accountId };
    // 20:00 UTC on 5 March is already 6 March in Auckland.
    await completeMilestone(db(), customer, acct.m.Sign, new Date("2026-03-05T20:00:00Z"));
    const after = await rows(acct.journeyId);
    expect(after.find((m) => m.title === "Go live")!.due_on).toBe("2026-03-08");
  });
});
