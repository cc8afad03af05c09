// The journey map's data: lanes in the map's order (the customer first, then each
// vendor function), each stage's touchpoints, and which state of the playbook it shows.
import { describe, expect, it } from "vitest";
import { buildJourneyMap, type MapRules } from "~/modules/playbook-studio/build-journey-map";
import { readJourneyMap } from "~/modules/playbook-studio/read-journey-map.server";
import { playbookDocumentSchema } from "~/modules/playbooks/playbook-document";
import { publishPlaybook } from "~/modules/playbooks/publish-playbook.server";
import { saveStageEmail } from "~/modules/playbooks/save-stage-email.server";
import { demoPlaybook } from "~/server/demo/seed-playbook";
import { parseEnv } from "~/utils/env.server";
import { NotFoundError } from "~/utils/errors.server";
import { db, makePlaybook, smallPlaybook } from "./factories";

const RULES: MapRules = { remindFromDaysBefore: 2, remindEveryDays: 3, escalationDays: 4, vendorName: "Acme Cloud" };

describe("the map of a playbook document", () => {
  const map = buildJourneyMap(demoPlaybook(), RULES);

  it("draws every stage as a column with its goal, measure and expected days", () => {
    expect(map.stages.map((s) => s.key)).toEqual(demoPlaybook().stages.map((s) => s.key));
    expect(map.stages[1]).toMatchObject({
      position: 2,
      name: "Onboarding",
      goal: "The workspace is configured, connected and run by the customer's own admins.",
      successMeasure: "SSO live, data syncing correctly and admins trained.",
      expectedDays: 30,
    });
  });

  it("puts the customer's lane first, then the vendor functions in their order, only those used", () => {
    expect(map.lanes.map((l) => l.key)).toEqual(
      ["customer", "sales", "onboarding", "csm", "support", "account_manager"].filter((k) =>
        demoPlaybook().stages.some((s) =>
          s.milestones.some((m) => (m.ownerSide === "customer" ? "customer" : m.ownerRole) === k),
        ),
      ),
    );
    expect(map.lanes[0]).toEqual({ key: "customer", label: "Customer" });
    const purchase = map.stages[0]!;
    const lane = (key: string) => purchase.lanes.find((l) => l.lane === key)!.milestones.map((m) => m.key);
    expect(lane("customer")).toEqual(["contract-signed", "project-team-named"]);
    expect(lane("sales")).toEqual(["sales-handoff"]);
    // Every stage has every lane, in the same order, so the rows line up.
    for (const s of map.stages) expect(s.lanes.map((l) => l.lane)).toEqual(map.lanes.map((l) => l.key));
  });

  it("lists each stage's emails (none where journeys start), reminders and resources", () => {
    expect(map.stages[0]!.emails).toEqual([]);
    expect(map.stages[1]!.emails).toEqual([
      { to: "customer", subject: "Welcome to Onboarding, [account name]", words: "stage" },
      { to: "csm", subject: "[account name] moved to Onboarding", words: "fixed" },
    ]);
    expect(map.stages[0]!.resources.map((r) => r.title)).toContain("Understanding your order form");
    const contract = map.stages[0]!.lanes[0]!.milestones[0]!;
    expect(contract.reminders).toEqual({ fromDaysBefore: 2, until: "done", everyDays: 3, escalatesAfterDays: 4 });
    const handoff = map.stages[0]!.lanes.find((l) => l.lane === "sales")!.milestones[0]!;
    expect(handoff.reminders.escalatesAfterDays).toBeNull();
  });

  it("says when a stage gets the generic words, with the vendor's name filled in", () => {
    const doc = playbookDocumentSchema.parse(smallPlaybook());
    const small = buildJourneyMap(doc, RULES);
    expect(small.stages[1]!.emails[0]).toEqual({
      to: "customer",
      subject: "Your journey moves on: Onboarding",
      words: "generic",
    });
    const optional = small.stages[2]!.lanes.find((l) => l.lane === "customer")!.milestones[0]!;
    expect(optional.reminders).toMatchObject({ until: "due_day", escalatesAfterDays: null });
  });
});

describe("which state of the playbook the map shows", () => {
  const env = parseEnv({ EMAIL_FROM: "Acme Cloud <success@acme.test>" });

  it("the latest version by default, version N when asked, the draft when asked", async () => {
    const playbookId = await makePlaybook(smallPlaybook());
    await saveStageEmail(
      db(),
      { role: "admin" },
      {
        playbookId,
        stageKey: "onboarding",
        subject: "Draft words, {account}",
        intro: "Only in the draft so far.",
      },
    );
    const latest = await readJourneyMap(db(), env, playbookId, {});
    expect(latest.shown).toMatchObject({ kind: "version", number: 1 });
    expect(latest.map.stages[1]!.emails[0]!.words).toBe("generic");
    const draft = await readJourneyMap(db(), env, playbookId, { draft: true });
    expect(draft.shown).toEqual({ kind: "draft" });
    expect(draft.map.stages[1]!.emails[0]!.subject).toBe("Draft words, [account name]");

    await publishPlaybook(db(), { playbookId, note: "Words for onboarding." }, new Date("2026-03-11T10:00:00Z"));
    expect((await readJourneyMap(db(), env, playbookId, {})).shown).toMatchObject({ kind: "version", number: 2 });
    const v1 = await readJourneyMap(db(), env, playbookId, { version: 1 });
    expect(v1.shown).toMatchObject({ kind: "version", number: 1 });
    expect(v1.versions.map((v) => v.number)).toEqual([2, 1]);
    expect(v1.map.stages[1]!.emails[0]!.words).toBe("generic");
    await expect(readJourneyMap(db(), env, playbookId, { version: 3 })).rejects.toBeInstanceOf(NotFoundError);
    await expect(readJourneyMap(db(), env, "not-a-uuid", {})).rejects.toBeInstanceOf(NotFoundError);
  });
});
