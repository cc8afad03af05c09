// Publishes a playbook's draft as version N+1 with a short note. The version's
// document is the checked draft, and it never changes again (ADR 030).
import { isDeepStrictEqual } from "node:util";
import type { Kysely } from "kysely";
import type { Database } from "#db/schema";
import { InputError } from "~/utils/errors.server";
import { playbookDocumentSchema } from "./playbook-document";
import { readPlaybookDraftRaw } from "./read-playbook-draft.server";

export interface PublishedVersion {
  versionId: string;
  number: number;
}

export async function publishPlaybook(
  db: Kysely<Database>,
  input: { playbookId: string; note: string; publishedBy?: string | null },
  now: Date,
): Promise<PublishedVersion> {
  const note = input.note.trim();
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a note is one line
  if (!note || note.length > 200 || /[\u0000-\u001f\u007f]/.test(note)) {
    throw new InputError("Write a short note on what changed: one line, at most 200 characters.", "note");
  }
  const run = async (trx: Kysely<Database>): Promise<PublishedVersion> => {
    // One publisher at a time per playbook, so numbers follow each other.
    await trx.selectFrom("playbooks").select("id").where("id", "=", input.playbookId).forUpdate().execute();
    const checked = playbookDocumentSchema.safeParse(await readPlaybookDraftRaw(trx, input.playbookId));
    if (!checked.success) {
      const issue = checked.error.issues[0]!;
      throw new InputError(`The draft cannot be published: ${issue.path.join(".")}: ${issue.message}`);
    }
    const latest = await trx
      .selectFrom("playbook_versions")
      .select(["number", "document"])
      .where("playbook_id", "=", input.playbookId)
      .orderBy("number", "desc")
      .limit(1)
      .executeTakeFirst();
    if (latest && isDeepStrictEqual(latest.document, JSON.parse(JSON.stringify(checked.data)))) {
      throw new InputError(`Nothing changed since version ${latest.number}.`);
    }
    const number = (latest?.number ?? 0) + 1;
    const { id } = await trx
      .insertInto("playbook_versions")
      .values({
        playbook_id: input.playbookId,
        number,
        note,
        document: JSON.stringify(checked.data),
        published_at: now,
        published_by: input.publishedBy ?? null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return { versionId: id, number };
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}
