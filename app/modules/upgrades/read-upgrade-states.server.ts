// Reads what an upgrade plan needs from many journeys at once: four statements
// whatever the number of journeys (their heads, stages and milestones with edit flags).
import type { DB } from "~/utils/db.server";
import type { UpgradeJourneyMilestone, UpgradeJourneyState } from "./plan-journey-upgrade";

export interface UpgradeJourneyHead extends UpgradeJourneyState {
  playbookId: string | null;
  versionId: string | null;
  accountId: string;
  accountName: string;
  csmName: string | null;
  currentStageName: string | null;
  completed: boolean;
}

export async function readUpgradeStates(db: DB, journeyIds: string[]): Promise<UpgradeJourneyHead[]> {
  if (journeyIds.length === 0) return [];
  const heads = await db
    .selectFrom("journeys as j")
    .innerJoin("accounts as a", "a.id", "j.account_id")
    .leftJoin("users as csm", "csm.id", "a.csm_id")
    .leftJoin("playbook_versions as v", "v.id", "j.playbook_version_id")
    .select([
      "j.id",
      "j.playbook_id",
      "j.playbook_version_id",
      "j.current_stage_position",
      "j.completed_at",
      "a.id as account_id",
      "a.name as account_name",
      "a.segment",
      "csm.name as csm_name",
      "v.number",
    ])
    .where("j.id", "in", journeyIds)
    .orderBy("a.name")
    .orderBy("j.id")
    .execute();
  const stages = await db
    .selectFrom("journey_stages")
    .select(["id", "journey_id", "position", "playbook_key", "name", "description"])
    .where("journey_id", "in", journeyIds)
    .orderBy("position")
    .execute();
  const milestones = await db
    .selectFrom("journey_milestones as m")
    .select([
      "m.id",
      "m.journey_id",
      "m.stage_id",
      "m.playbook_key",
      "m.title",
      "m.description",
      "m.required",
      "m.status",
      "m.due_offset_days",
      "m.due_offset_kind",
      "m.due_from",
      "m.visibility",
      "m.first_value",
      "m.added_by",
      "m.added_at",
    ])
    .where("m.journey_id", "in", journeyIds)
    .orderBy("m.position")
    .execute();
  // What staff changed on these journeys, found through the events' journey index.
  const edits = await db
    .selectFrom("milestone_events")
    .select(["milestone_id", "kind"])
    .distinct()
    .where("journey_id", "in", journeyIds)
    .where("kind", "in", ["owner_changed", "due_date_changed"])
    .execute();
  const edited = new Set(edits.map((e) => `${e.kind}:${e.milestone_id}`));

  const byJourney = new Map<string, UpgradeJourneyMilestone[]>();
  for (const m of milestones) {
    const list = byJourney.get(m.journey_id) ?? [];
    list.push({
      id: m.id,
      stageId: m.stage_id,
      key: m.playbook_key,
      title: m.title,
      description: m.description,
      required: m.required,
      status: m.status,
      dueOffsetDays: m.due_offset_days,
      dueOffsetKind: m.due_offset_kind,
      dueFrom: m.due_from,
      visibility: m.visibility,
      firstValue: m.first_value,
      addedHere: m.added_at !== null || m.added_by !== null,
      ownerChangedHere: edited.has(`owner_changed:${m.id}`),
      dueChangedHere: edited.has(`due_date_changed:${m.id}`),
    });
    byJourney.set(m.journey_id, list);
  }
  return heads.map((h) => {
    const own = stages.filter((s) => s.journey_id === h.id);
    return {
      journeyId: h.id,
      playbookId: h.playbook_id,
      versionId: h.playbook_version_id,
      accountId: h.account_id,
      accountName: h.account_name,
      csmName: h.csm_name,
      segment: h.segment,
      completed: h.completed_at !== null,
      currentStagePosition: h.current_stage_position,
      currentStageName: own.find((s) => s.position === h.current_stage_position)?.name ?? null,
      versionNumber: h.number,
      stages: own.map((s) => ({
        id: s.id,
        position: s.position,
        key: s.playbook_key,
        name: s.name,
        description: s.description,
      })),
      milestones: byJourney.get(h.id) ?? [],
    };
  });
}
