// What the studio's editor page shows of one playbook: its draft as stored (with the
// fingerprint a save must send back), its versions, and whether the draft differs
// from the latest version, which is what publishing would turn into a new version.
import { isDeepStrictEqual } from "node:util";
import type { DB } from "~/utils/db.server";
import { NotFoundError } from "~/utils/errors.server";
import { draftVersionOf } from "./draft-version.server";
import { playbookDocumentSchema } from "./playbook-document";
import { readPlaybookDraftRaw } from "./read-playbook-draft.server";

export interface PlaybookStudio {
  id: string;
  name: string;
  archivedAt: Date | null;
  /** The draft as stored, unchecked. */
  draft: unknown;
  draftVersion: string;
  versions: { number: number; note: string; publishedAt: Date }[];
  /** "new": nothing published yet; "changed": publishing would make a new version; "same": it would not. */
  draftState: "new" | "changed" | "same" | "invalid";
}

export async function readPlaybookStudio(db: DB, playbookId: string): Promise<PlaybookStudio> {
  const playbook = await db
    .selectFrom("playbooks")
    .select(["id", "name", "archived_at"])
    .where("id", "=", playbookId)
    .executeTakeFirst();
  if (!playbook) throw new NotFoundError("No such playbook.");
  const [draft, versions, latest] = await Promise.all([
    readPlaybookDraftRaw(db, playbookId),
    db
      .selectFrom("playbook_versions")
      .select(["number", "note", "published_at"])
      .where("playbook_id", "=", playbookId)
      .orderBy("number", "desc")
      .execute(),
    db
      .selectFrom("playbook_versions")
      .select("document")
      .where("playbook_id", "=", playbookId)
      .orderBy("number", "desc")
      .limit(1)
      .executeTakeFirst(),
  ]);
  const checked = playbookDocumentSchema.safeParse(draft);
  const draftState = !checked.success
    ? "invalid"
    : !latest
      ? "new"
      : // The same comparison publishing makes (publish-playbook.server.ts).
        isDeepStrictEqual(latest.document, JSON.parse(JSON.stringify(checked.data)))
        ? "same"
        : "changed";
  return {
    id: playbook.id,
    name: playbook.name,
    archivedAt: playbook.archived_at,
    draft,
    draftVersion: draftVersionOf(draft),
    versions: versions.map((v) => ({ number: v.number, note: v.note, publishedAt: v.published_at })),
    draftState,
  };
}
