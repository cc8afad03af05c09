// What the account forms offer: the staff who may be an account's CSM and the
// playbooks a journey may start from. Checked again when a form comes back.
import type { Transaction } from "kysely";
import type { Database } from "#db/schema";
import type { DB } from "~/utils/db.server";
import { InputError } from "~/utils/errors.server";

export interface AccountChoices {
  csms: { id: string; name: string }[];
  playbooks: { id: string; name: string }[];
}

/** Active staff who can hold accounts: admins and CSMs (not read-only viewers). */
export async function listAccountChoices(db: DB): Promise<AccountChoices> {
  const [csms, playbooks] = await Promise.all([
    db
      .selectFrom("users")
      .select(["id", "name"])
      .where("role", "in", ["admin", "csm"])
      .where("deactivated_at", "is", null)
      .orderBy("name")
      .execute(),
    // Only a playbook with a published version can start a journey; a draft is never live (ADR 030).
    // An archived playbook starts no new journeys; those it started run on (ADR 035).
    db
      .selectFrom("playbooks as p")
      .select(["p.id", "p.name"])
      .where("p.archived_at", "is", null)
      .where((eb) =>
        eb.exists(eb.selectFrom("playbook_versions as v").select("v.id").whereRef("v.playbook_id", "=", "p.id")),
      )
      .orderBy("p.name")
      .execute(),
  ]);
  return { csms, playbooks };
}

/** The CSM as chosen, or a 400 on the field when they cannot hold an account. */
export async function checkCsm(trx: Transaction<Database>, csmId: string): Promise<void> {
  const csm = await trx
    .selectFrom("users")
    .select("id")
    .where("id", "=", csmId)
    .where("role", "in", ["admin", "csm"])
    .where("deactivated_at", "is", null)
    .executeTakeFirst();
  if (!csm) throw new InputError("Choose a CSM from the list: that person is not active staff.", "csmId");
}
