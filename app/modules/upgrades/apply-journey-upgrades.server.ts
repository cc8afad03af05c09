// Applies a version to a batch of running journeys in one transaction: adds, changes
// and retires milestones by key, records each as an event on the journey's timeline and
// records the new version. Journeys only move forward; a repeat is a no-op (ADR 036).
import { sql, type Transaction } from "kysely";
import type { Database } from "#db/schema";
import { queueStageEmails } from "~/modules/email/queue-stage-emails.server";
import { advanceJourney } from "~/modules/journeys/advance-journey.server";
import { copiedDueOnSql, copyVersionMilestones, dueDateSql } from "~/modules/journeys/copy-version-milestones.server";
import type { PlaybookDocument } from "~/modules/playbooks/playbook-document";
import type { DB } from "~/utils/db.server";
import { NotFoundError } from "~/utils/errors.server";
import { type JourneyUpgradePlan, planJourneyUpgrade } from "./plan-journey-upgrade";
import { readUpgradeStates } from "./read-upgrade-states.server";

export interface UpgradeBatchResult {
  /** Journeys moved to the version by this call. */
  upgraded: number;
  /** Journeys left as they were: already on this version or a newer one, or from another playbook. */
  skipped: number;
  milestonesAdded: number;
  milestonesChanged: number;
  milestonesRetired: number;
  stagesAdded: number;
  stagesChanged: number;
}

export async function applyJourneyUpgrades(
  db: DB,
  input: { journeyIds: string[]; toVersionId: string; actorId: string | null; upgradeId?: string | null },
  now: Date,
): Promise<UpgradeBatchResult> {
  const run = (trx: Transaction<Database>) => applyIn(trx, input, now);
  return db.isTransaction ? run(db as Transaction<Database>) : db.transaction().execute(run);
}

async function applyIn(
  trx: Transaction<Database>,
  input: { journeyIds: string[]; toVersionId: string; actorId: string | null; upgradeId?: string | null },
  now: Date,
): Promise<UpgradeBatchResult> {
  const result: UpgradeBatchResult = {
    upgraded: 0,
    skipped: 0,
    milestonesAdded: 0,
    milestonesChanged: 0,
    milestonesRetired: 0,
    stagesAdded: 0,
    stagesChanged: 0,
  };
  const version = await trx
    .selectFrom("playbook_versions")
    .select(["id", "playbook_id", "number", "document"])
    .where("id", "=", input.toVersionId)
    .executeTakeFirst();
  if (!version) throw new NotFoundError("No such playbook version");
  const document = version.document as PlaybookDocument;
  const ids = [...new Set(input.journeyIds)].sort();
  if (ids.length === 0) return result;

  // The same lock every milestone change takes (ADR 004), in one order, so two upgrades
  // (or an upgrade and a completion) wait for each other instead of deadlocking.
  await trx.selectFrom("journeys").select("id").where("id", "in", ids).orderBy("id").forUpdate().execute();
  // Read after the lock: what another upgrade just committed is what this one plans from.
  const states = await readUpgradeStates(trx, ids);
  const due = states.filter(
    (s) => s.playbookId === version.playbook_id && (s.versionNumber === null || s.versionNumber < version.number),
  );
  result.skipped = ids.length - due.length;
  if (due.length === 0) return result;
  const plans = due.map((s) => planJourneyUpgrade(s, { number: version.number, document }));
  const planOf = new Map(plans.map((p) => [p.journeyId, p]));

  // 0. Stages: new ones at their place in the version's order, the others renumbered around them
  //    and the journey's current position following its stage; names and descriptions of stages
  //    not done yet take the version's.
  const stageCounts = await applyStages(trx, plans);
  result.stagesAdded = stageCounts.added;
  result.stagesChanged = stageCounts.changed;

  // 1. Added: the one copy rule journeys start with (segments, owners, due dates).
  const adding = plans.filter((p) => p.added.length > 0).map((p) => p.journeyId);
  const added = await copyVersionMilestones(trx, { versionId: version.id, journeyIds: adding });
  result.milestonesAdded = added.length;

  // 2. Changed: open steps take the version's fields; a due date set on this journey stays.
  const changes = plans.flatMap((p) => p.changed.map((c) => ({ ...c, journeyId: p.journeyId })));
  if (changes.length > 0) {
    const rows = changes.map((c) => {
      const v = findMilestone(document, c.key);
      return {
        id: c.milestoneId,
        title: v.title,
        description: v.description,
        required: v.required,
        due_offset_days: v.dueOffsetDays,
        due_offset_kind: v.dueOffsetKind,
        due_from: v.dueFrom,
        visibility: v.visibility,
        first_value: v.firstValue,
        recount: c.recountDue,
      };
    });
    await sql`
      update journey_milestones m set title = r.title, description = r.description, required = r.required,
        due_offset_days = r.due_offset_days, due_offset_kind = r.due_offset_kind, due_from = r.due_from,
        visibility = r.visibility, first_value = r.first_value,
        due_on = case when r.recount
          then ${copiedDueOnSql("r", sql`j.started_on`, sql`(js.entered_at at time zone a.timezone)::date`)}
          else m.due_on end
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(id uuid, title text, description text,
          required boolean, due_offset_days integer, due_offset_kind text, due_from text, visibility text,
          first_value boolean, recount boolean),
        journeys j, accounts a, journey_stages js
      where m.id = r.id and m.status = 'open' and j.id = m.journey_id and a.id = j.account_id
        and js.id = m.stage_id`.execute(trx);
    result.milestonesChanged = changes.length;
  }

  // 2b. A stage added behind the journey's current one is passed without being entered, so its steps
  //     due from the stage's entry would never get a date (and one re-dated above would lose it):
  //     they count from the day of the upgrade instead.
  const dated = [...added.map((a) => a.id), ...changes.map((c) => c.milestoneId)];
  if (dated.length > 0) {
    await sql`update journey_milestones m
      set due_on = ${dueDateSql(sql`(${now}::timestamptz at time zone a.timezone)::date`, sql`m.due_offset_days`, sql`m.due_offset_kind`)}
      from journey_stages s, journeys j, accounts a
      where m.id = any(${dated}::uuid[]) and s.id = m.stage_id and j.id = m.journey_id
        and a.id = j.account_id and s.entered_at is null and s.position < j.current_stage_position
        and m.status = 'open' and m.due_from = 'stage_entry' and m.due_on is null and m.due_offset_days is not null`.execute(
      trx,
    );
  }

  // 3. Removed: open steps are retired as "not needed" with the version as the reason, so their
  //    history stays; done and not-applicable steps are kept as they are.
  const retiring = plans.flatMap((p) => p.removed.filter((r) => r.outcome === "marked_not_needed"));
  if (retiring.length > 0) {
    await trx
      .updateTable("journey_milestones")
      .set({
        status: "not_applicable",
        not_applicable_reason: `Removed from the playbook in version ${version.number}.`,
      })
      .where(
        "id",
        "in",
        retiring.map((r) => r.milestoneId),
      )
      .where("status", "=", "open")
      .execute();
    result.milestonesRetired = retiring.length;
  }

  // 4. The version's order within each stage; steps it does not hold follow, as they were.
  if (added.length > 0) await renumber(trx, [...new Set(added.map((a) => a.stageId))], version.id);

  // 5. Every change is an event on the journey's timeline.
  const data = (extra: Record<string, unknown>) =>
    JSON.stringify({ fromVersion: null, toVersion: version.number, ...extra });
  const events = [
    ...added.map((a) => ({
      journey_id: a.journeyId,
      milestone_id: a.id,
      kind: "upgrade_added" as const,
      actor_id: input.actorId,
      at: now,
      data: JSON.stringify({
        fromVersion: planOf.get(a.journeyId)?.fromNumber ?? null,
        toVersion: version.number,
        inPassedStage: planOf.get(a.journeyId)?.added.find((x) => x.key === a.key)?.inPassedStage ?? false,
      }),
    })),
    ...changes.map((c) => ({
      journey_id: c.journeyId,
      milestone_id: c.milestoneId,
      kind: "upgrade_changed" as const,
      actor_id: input.actorId,
      at: now,
      data: data({ fromVersion: planOf.get(c.journeyId)?.fromNumber ?? null, changes: c.changes }),
    })),
    ...plans.flatMap((p) =>
      p.removed
        .filter((r) => r.outcome === "marked_not_needed")
        .map((r) => ({
          journey_id: p.journeyId,
          milestone_id: r.milestoneId,
          kind: "upgrade_removed" as const,
          actor_id: input.actorId,
          at: now,
          data: data({ fromVersion: p.fromNumber }),
        })),
    ),
  ];
  if (events.length > 0) await trx.insertInto("milestone_events").values(events).execute();

  // 6. The journey records its new version, once per version (a unique key).
  await trx
    .updateTable("journeys")
    .set({ playbook_version_id: version.id, playbook_name: document.name })
    .where(
      "id",
      "in",
      due.map((s) => s.journeyId),
    )
    .execute();
  await trx
    .insertInto("journey_upgrades")
    .values(
      plans.map((p) => ({
        journey_id: p.journeyId,
        upgrade_id: input.upgradeId ?? null,
        from_version_id: due.find((s) => s.journeyId === p.journeyId)?.versionId ?? null,
        to_version_id: version.id,
        from_number: p.fromNumber,
        to_number: version.number,
        actor_id: input.actorId,
        at: now,
        summary: JSON.stringify(summaryOf(p)),
      })),
    )
    .onConflict((oc) => oc.constraint("journey_upgrades_once_key").doNothing())
    .execute();
  result.upgraded = due.length;

  // 7. Forward only: a journey whose current stage lost its last open required step moves on;
  //    one given open work in a stage it passed stays where it is (advanceJourney never goes back).
  //    One statement finds the journeys whose current stage has no open required step left.
  const mayMove = plans
    .filter((p) => p.removed.some((r) => r.outcome === "marked_not_needed") || p.changed.length > 0)
    .map((p) => p.journeyId);
  if (mayMove.length > 0) {
    const moving = await trx
      .selectFrom("journeys as j")
      .select("j.id")
      .where("j.id", "in", mayMove)
      .where("j.completed_at", "is", null)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("journey_milestones as m")
              .innerJoin("journey_stages as s", "s.id", "m.stage_id")
              .select("m.id")
              .whereRef("m.journey_id", "=", "j.id")
              .whereRef("s.position", "=", "j.current_stage_position")
              .where("m.required", "=", true)
              .where("m.status", "=", "open"),
          ),
        ),
      )
      .execute();
    for (const { id } of moving) {
      const { entered } = await advanceJourney(trx, id, now, null);
      await queueStageEmails(trx, entered, now);
    }
  }
  return result;
}

function findMilestone(document: PlaybookDocument, key: string) {
  for (const s of document.stages) {
    const m = s.milestones.find((x) => x.key === key);
    if (m) return m;
  }
  throw new Error(`Milestone ${key} is not in the version`);
}

function summaryOf(p: JourneyUpgradePlan) {
  return {
    added: p.added.length,
    changed: p.changed.length,
    stagesAdded: p.stagesAdded.length,
    stagesChanged: p.stagesChanged.length,
    retired: p.removed.filter((r) => r.outcome === "marked_not_needed").length,
  };
}

/**
 * Set-based, a few statements for the whole batch: existing stages move (through negative positions,
 * since (journey_id, position) is unique at every row), new stages are inserted not entered (one
 * before the current stage counts as passed), and each journey's current position follows its stage.
 */
async function applyStages(trx: Transaction<Database>, plans: JourneyUpgradePlan[]) {
  const growing = plans.filter((p) => p.stagesAdded.length > 0);
  if (growing.length > 0) {
    const moves = growing.flatMap((p) => p.layout.map((l) => ({ id: l.stageId, position: l.position })));
    await sql`update journey_stages s set position = -r.position
      from jsonb_to_recordset(${JSON.stringify(moves)}::jsonb) as r(id uuid, position integer)
      where s.id = r.id and s.position <> r.position`.execute(trx);
    const journeyIds = growing.map((p) => p.journeyId);
    await sql`update journey_stages set position = -position
      where journey_id = any(${journeyIds}::uuid[]) and position < 0`.execute(trx);
    const fresh = growing.flatMap((p) =>
      p.stagesAdded.map((s) => ({
        journey_id: p.journeyId,
        position: s.position,
        name: s.name,
        description: s.description,
        playbook_key: s.key,
      })),
    );
    await sql`insert into journey_stages (journey_id, position, name, description, playbook_key)
      select r.journey_id, r.position, r.name, r.description, r.playbook_key
      from jsonb_to_recordset(${JSON.stringify(fresh)}::jsonb)
        as r(journey_id uuid, position integer, name text, description text, playbook_key text)`.execute(trx);
    const heads = growing.map((p) => ({ id: p.journeyId, position: p.currentStagePositionAfter }));
    await sql`update journeys j set current_stage_position = r.position
      from jsonb_to_recordset(${JSON.stringify(heads)}::jsonb) as r(id uuid, position integer)
      where j.id = r.id and j.current_stage_position <> r.position`.execute(trx);
  }
  const renames = plans.flatMap((p) =>
    p.stagesChanged.map((c) => ({
      id: c.stageId,
      name: c.changes.find((x) => x.field === "name")?.to ?? null,
      description: c.changes.find((x) => x.field === "description")?.to ?? null,
    })),
  );
  if (renames.length > 0) {
    await sql`update journey_stages s set name = coalesce(r.name, s.name),
        description = coalesce(r.description, s.description)
      from jsonb_to_recordset(${JSON.stringify(renames)}::jsonb) as r(id uuid, name text, description text)
      where s.id = r.id`.execute(trx);
  }
  return { added: growing.reduce((n, p) => n + p.stagesAdded.length, 0), changed: renames.length };
}

/** Positions follow the version's order; steps it does not hold (added here, retired) keep theirs after. */
async function renumber(trx: Transaction<Database>, stageIds: string[], versionId: string) {
  // Two steps, because (stage_id, position) is unique at every statement's end; only rows that move.
  await sql`
    with v as materialized (
      select key, stage_position, position from playbook_version_milestones where version_id = ${versionId}
    ), ordered as (
      select m.id, m.position, row_number() over (partition by m.stage_id
        order by v.stage_position nulls last, v.position nulls last, m.position) as rn
      from journey_milestones m
      left join v on v.key = m.playbook_key
      where m.stage_id = any(${stageIds}::uuid[])
    )
    update journey_milestones m set position = -o.rn from ordered o where o.id = m.id and o.position <> o.rn`.execute(
    trx,
  );
  await sql`update journey_milestones set position = -position
    where stage_id = any(${stageIds}::uuid[]) and position < 0`.execute(trx);
}
