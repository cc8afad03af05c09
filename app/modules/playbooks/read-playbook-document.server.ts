// One playbook as staff pages show it (the journey map, the stage emails): a
// published version (the latest unless one is asked for) or the draft, with the
// list of versions to choose from. Three queries whatever the playbook's size.

import { isUuid } from "~/modules/accounts/access.server";
import type { DB } from "~/utils/db.server";
import { NotFoundError } from "~/utils/errors.server";
import { type PlaybookDocument, playbookDocumentSchema } from "./playbook-document";
import { readPlaybookDraftRaw } from "./read-playbook-draft.server";

/** Which state of the playbook: a version by number, the latest version (nothing given), or the draft. */
export type PlaybookChoice = { draft: true } | { draft?: false; version?: number };

export interface VersionSummary {
  number: number;
  note: string;
  publishedAt: string;
}

export type ShownState =
  | { kind: "version"; versionId: string; number: number; note: string; publishedAt: string }
  | { kind: "draft" };

export interface ShownPlaybook {
  playbookId: string;
  name: string;
  /** Newest first. */
  versions: VersionSummary[];
  shown: ShownState;
  document: PlaybookDocument;
  /** A draft that breaks the schema is still shown; this is its first problem, which blocks publishing. */
  draftProblem: string | null;
}

export async function readPlaybookDocument(db: DB, playbookId: string, choice: PlaybookChoice): Promise<ShownPlaybook> {
  if (!isUuid(playbookId)) throw new NotFoundError("No such playbook.");
  const playbook = await db
    .selectFrom("playbooks")
    .select(["id", "name"])
    .where("id", "=", playbookId)
    .executeTakeFirst();
  if (!playbook) throw new NotFoundError("No such playbook.");
  const versions = await db
    .selectFrom("playbook_versions")
    .select(["id", "number", "note", "published_at"])
    .where("playbook_id", "=", playbookId)
    .orderBy("number", "desc")
    .execute();
  const summaries = versions.map((v) => ({
    number: v.number,
    note: v.note,
    publishedAt: v.published_at.toISOString(),
  }));
  const base = { playbookId, name: playbook.name, versions: summaries };

  const wanted = choice.draft
    ? null
    : choice.version === undefined
      ? versions[0]
      : versions.find((v) => v.number === choice.version);
  if (!choice.draft && choice.version !== undefined && !wanted) {
    throw new NotFoundError(`This playbook has no version ${choice.version}.`);
  }
  if (wanted) {
    const row = await db
      .selectFrom("playbook_versions")
      .select("document")
      .where("id", "=", wanted.id)
      .executeTakeFirstOrThrow();
    return {
      ...base,
      shown: {
        kind: "version",
        versionId: wanted.id,
        number: wanted.number,
        note: wanted.note,
        publishedAt: wanted.published_at.toISOString(),
      },
      // Checked when it was published, and never changed since.
      document: row.document as PlaybookDocument,
      draftProblem: null,
    };
  }
  // The draft: asked for, or the only state a never-published playbook has.
  const raw = await readPlaybookDraftRaw(db, playbookId);
  const checked = playbookDocumentSchema.safeParse(raw);
  const issue = checked.success ? null : checked.error.issues[0];
  return {
    ...base,
    shown: { kind: "draft" },
    // The draft tables hold every field with its default, so an unfinished draft still has the document's shape.
    document: checked.success ? checked.data : (raw as PlaybookDocument),
    draftProblem: issue ? `${issue.path.join(".")}: ${issue.message}` : null,
  };
}
