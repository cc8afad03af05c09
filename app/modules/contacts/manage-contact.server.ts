// Resending a pending contact's invitation, and removing a contact: removal
// ends their sessions and unused links at once, and keeps their history.
import type { Transaction } from "kysely";
import type { Database } from "#db/schema";
import { type Actor, accountScope, assertMayChange, isUuid } from "~/modules/accounts/access.server";
import { issueInvitation } from "~/modules/auth/issue-invitation.server";
import { revokeAccess } from "~/modules/auth/revoke-access.server";
import type { DB } from "~/utils/db.server";
import { InputError, NotFoundError } from "~/utils/errors.server";

async function lockContact(trx: Transaction<Database>, actor: Actor, accountId: string, userId: string) {
  if (actor.role === "customer" || !isUuid(accountId) || !isUuid(userId)) throw new NotFoundError("No such contact");
  const contact = await trx
    .selectFrom("users")
    .innerJoin("accounts", "accounts.id", "users.account_id")
    .select([
      "users.id",
      "users.email",
      "users.joined_at",
      "users.deactivated_at",
      "accounts.id as account_id",
      "accounts.name as account_name",
    ])
    .where("users.id", "=", userId)
    .where("users.role", "=", "customer")
    .where("accounts.id", "=", accountId)
    .where(accountScope({ ...actor, accountId: null }))
    .forUpdate("users")
    .executeTakeFirst();
  if (!contact) throw new NotFoundError("No such contact");
  assertMayChange(actor);
  return contact;
}

export async function resendInvitation(
  db: DB,
  actor: Actor & { name: string },
  input: { accountId: string; userId: string; ip: string | null },
  now: Date,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const c = await lockContact(trx, actor, input.accountId, input.userId);
    if (c.deactivated_at) throw new InputError("This contact was removed; invite them again to bring them back.");
    if (c.joined_at) throw new InputError("This contact has already joined; they can sign in with a link.");
    await issueInvitation(
      trx,
      db,
      {
        user: { id: c.id, email: c.email, accountId: c.account_id },
        inviter: actor,
        accountName: c.account_name,
        roleLabel: "customer contact",
        ip: input.ip,
      },
      now,
    );
  });
}

export async function removeContact(
  db: DB,
  actor: Actor,
  input: { accountId: string; userId: string; ip: string | null },
  now: Date,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const c = await lockContact(trx, actor, input.accountId, input.userId);
    if (c.deactivated_at) return;
    await revokeAccess(
      trx,
      {
        actorId: actor.id,
        user: { id: c.id, email: c.email, accountId: c.account_id },
        ip: input.ip,
        reason: "contact removed",
      },
      now,
    );
  });
}
