// The version a new journey starts from: the playbook's latest published one.
import type { DB } from "~/utils/db.server";
import type { PlaybookDocument } from "./playbook-document";

export interface PlaybookVersion {
  id: string;
  playbookId: string;
  number: number;
  note: string;
  document: PlaybookDocument;
  publishedAt: Date;
}

export async function findLatestVersion(db: DB, playbookId: string): Promise<PlaybookVersion | null> {
  const row = await db
    .selectFrom("playbook_versions")
    .select(["id", "playbook_id", "number", "note", "document", "published_at"])
    .where("playbook_id", "=", playbookId)
    .orderBy("number", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    playbookId: row.playbook_id,
    number: row.number,
    note: row.note,
    document: row.document as PlaybookDocument,
    publishedAt: row.published_at,
  };
}

/** A playbook found by its name, with its latest version when it has one. */
export async function findPlaybookByName(
  db: DB,
  name: string,
): Promise<{ id: string; latest: PlaybookVersion | null } | null> {
  const playbook = await db.selectFrom("playbooks").select("id").where("name", "=", name).executeTakeFirst();
  if (!playbook) return null;
  return { id: playbook.id, latest: await findLatestVersion(db, playbook.id) };
}
