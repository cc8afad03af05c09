// Duplicates a playbook's draft under a new name: every field of the draft,
// including those the studio does not show, goes through the one importer. The
// copy has no versions, so it starts no journeys until it is published (ADR 035).
import type { Kysely } from "kysely";
import type { Database, Role } from "#db/schema";
import { InputError, NotFoundError } from "~/utils/errors.server";
import { importPlaybook } from "./import-playbook.server";
import { playbookDocumentSchema } from "./playbook-document";
import { assertMayEditPlaybooks } from "./playbook-editors";
import { checkPlaybookName, isNameClash, nameTakenMessage, playbookNameTaken } from "./playbook-name.server";
import { readPlaybookDraftRaw } from "./read-playbook-draft.server";

export async function duplicatePlaybook(
  db: Kysely<Database>,
  actor: { role: Role },
  input: { playbookId: string; name: string },
): Promise<{ playbookId: string }> {
  assertMayEditPlaybooks(actor);
  const name = checkPlaybookName(input.name);
  try {
    return await db.transaction().execute(async (trx) => {
      const source = await trx
        .selectFrom("playbooks")
        .select("name")
        .where("id", "=", input.playbookId)
        .executeTakeFirst();
      if (!source) throw new NotFoundError("No such playbook.");
      if (await playbookNameTaken(trx, name)) throw new InputError(nameTakenMessage(name), "name");
      const draft = await readPlaybookDraftRaw(trx, input.playbookId);
      const checked = playbookDocumentSchema.safeParse({ ...(draft as object), name });
      if (!checked.success) {
        throw new InputError(`The draft of "${source.name}" has errors; fix them in its editor before duplicating it.`);
      }
      const { playbookId } = await importPlaybook(trx, checked.data);
      return { playbookId };
    });
  } catch (e) {
    if (isNameClash(e)) throw new InputError(nameTakenMessage(name), "name");
    throw e;
  }
}
