// The person an invitation is for, found or created by address under a lock,
// so that two invitations of one address at once make one person.
import { sql, type Transaction } from "kysely";
import type { Database, Role, TeamFunction } from "#db/schema";

/** Takes the address's lock for the rest of the transaction and reads who has it now. */
export async function findInvitee(trx: Transaction<Database>, email: string) {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`invite:${email}`}, 0))`.execute(trx);
  return trx
    .selectFrom("users")
    .select(["id", "role", "account_id", "joined_at", "deactivated_at"])
    .where((eb) => eb(eb.fn("lower", ["email"]), "=", email))
    .executeTakeFirst();
}

/** Makes the person pending again (renamed, not joined, not deactivated), or creates them pending. */
export async function saveInvitee(
  trx: Transaction<Database>,
  existingId: string | undefined,
  person: { email: string; name: string; role: Role; accountId: string | null; teamFunction?: TeamFunction | null },
): Promise<string> {
  if (existingId) {
    const row = await trx
      .updateTable("users")
      .set({ name: person.name, role: person.role, deactivated_at: null, joined_at: null })
      .where("id", "=", existingId)
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  }
  const row = await trx
    .insertInto("users")
    .values({
      email: person.email,
      name: person.name,
      role: person.role,
      account_id: person.accountId,
      team_function: person.teamFunction,
      joined_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}
