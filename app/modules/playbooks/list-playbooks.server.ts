// The playbooks page's list: every playbook with its published versions, newest
// first, and how many journeys run on each version. Two queries, whatever the count.
import { sql } from "kysely";
import type { DB } from "~/utils/db.server";

export interface PlaybookVersionRow {
  number: number;
  note: string;
  publishedAt: Date;
  /** Journeys that record this version. */
  journeys: number;
  /** Of those, the ones not completed yet. */
  running: number;
}

export interface PlaybookListItem {
  id: string;
  name: string;
  description: string;
  archivedAt: Date | null;
  versions: PlaybookVersionRow[];
}

/** Active playbooks first, then archived ones, each group by name. */
export async function listPlaybooks(db: DB): Promise<PlaybookListItem[]> {
  const [playbooks, versions] = await Promise.all([
    db
      .selectFrom("playbooks")
      .select(["id", "name", "description", "archived_at"])
      .orderBy(sql`archived_at is not null`)
      .orderBy("name")
      .execute(),
    db
      .selectFrom("playbook_versions as v")
      .leftJoin("journeys as j", "j.playbook_version_id", "v.id")
      .select((eb) => [
        "v.playbook_id",
        "v.number",
        "v.note",
        "v.published_at",
        eb.fn.count<string>("j.id").as("journeys"),
        eb.fn.count<string>("j.id").filterWhere("j.completed_at", "is", null).as("running"),
      ])
      .groupBy(["v.id", "v.playbook_id", "v.number", "v.note", "v.published_at"])
      .orderBy("v.number", "desc")
      .execute(),
  ]);
  const byPlaybook = new Map<string, PlaybookVersionRow[]>();
  for (const v of versions) {
    const list = byPlaybook.get(v.playbook_id) ?? [];
    list.push({
      number: v.number,
      note: v.note,
      publishedAt: v.published_at,
      journeys: Number(v.journeys),
      running: Number(v.running),
    });
    byPlaybook.set(v.playbook_id, list);
  }
  return playbooks.map((p) => ({
    id: p.id,
    name: p.name,
    description: p.description,
    archivedAt: p.archived_at,
    versions: byPlaybook.get(p.id) ?? [],
  }));
}
