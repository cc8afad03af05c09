// Writes a playbook (stages, milestones, resources) from its typed seed data.
// Used by the demo seed, the nudge benchmark and the test factories.
import type { Kysely } from "kysely";
import type { Database } from "#db/schema";
import type { PlaybookSeed } from "#db/seed/playbook";

export async function seedPlaybook(db: Kysely<Database>, playbook: PlaybookSeed): Promise<string> {
  const { id: playbookId } = await db
    .insertInto("playbooks")
    .values({ name: playbook.name, description: playbook.description })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const [si, stage] of playbook.stages.entries()) {
    const { id: stageId } = await db
      .insertInto("playbook_stages")
      .values({ playbook_id: playbookId, position: si + 1, name: stage.name, description: stage.description })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (const [mi, m] of stage.milestones.entries()) {
      const { id: milestoneId } = await db
        .insertInto("playbook_milestones")
        .values({
          stage_id: stageId,
          position: mi + 1,
          title: m.title,
          description: m.description,
          owner_side: m.ownerSide,
          owner_role: m.ownerRole,
          due_offset_days: m.dueOffsetDays,
          due_offset_kind: m.dueOffsetKind ?? "calendar",
          required: m.required,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      if (m.resources.length) {
        await db
          .insertInto("playbook_resources")
          .values(
            m.resources.map((r, ri) => ({
              milestone_id: milestoneId,
              position: ri + 1,
              title: r.title,
              url: r.url,
              kind: r.kind,
              minutes: r.minutes,
            })),
          )
          .execute();
      }
    }
  }
  return playbookId;
}
