// Creates a playbook from the studio: a draft that already passes the schema (one
// stage with one milestone), so it can be edited, saved and published at once.
// A new playbook has no version yet, so it starts no journeys (ADR 030, 035).
import type { Kysely } from "kysely";
import type { Database, Role } from "#db/schema";
import { InputError } from "~/utils/errors.server";
import { importPlaybook } from "./import-playbook.server";
import { playbookDocumentSchema } from "./playbook-document";
import { assertMayEditPlaybooks } from "./playbook-editors";
import { checkPlaybookName, isNameClash, nameTakenMessage, playbookNameTaken } from "./playbook-name.server";

/** The smallest playbook the schema accepts, to be filled in the editor. */
export function starterDocument(name: string) {
  return playbookDocumentSchema.parse({
    name,
    description: "",
    stages: [
      {
        key: "first-stage",
        name: "First stage",
        milestones: [
          { key: "first-step", title: "First step", ownerSide: "vendor", ownerRole: "csm", dueOffsetDays: 0 },
        ],
      },
    ],
  });
}

export async function createPlaybook(
  db: Kysely<Database>,
  actor: { role: Role },
  input: { name: string },
): Promise<{ playbookId: string }> {
  assertMayEditPlaybooks(actor);
  const name = checkPlaybookName(input.name);
  try {
    return await db.transaction().execute(async (trx) => {
      if (await playbookNameTaken(trx, name)) throw new InputError(nameTakenMessage(name), "name");
      const { playbookId } = await importPlaybook(trx, starterDocument(name));
      return { playbookId };
    });
  } catch (e) {
    if (isNameClash(e)) throw new InputError(nameTakenMessage(name), "name");
    throw e;
  }
}
