// A CSM (for their accounts) or an admin invites a contact to an account:
// creates them as pending, or re-invites a pending or removed contact. An
// address that belongs to someone elsewhere gets the same answer and nothing else.
import { type Actor, accountScope, assertMayChange, isUuid } from "~/modules/accounts/access.server";
import { issueInvitation } from "~/modules/auth/issue-invitation.server";
import { findInvitee, saveInvitee } from "~/modules/auth/save-invitee.server";
import type { DB } from "~/utils/db.server";
import { InputError, NotFoundError } from "~/utils/errors.server";

export async function inviteContact(
  db: DB,
  actor: Actor & { name: string },
  input: { accountId: string; name: string; email: string; ip: string | null },
  now: Date,
): Promise<{ userId: string | null; reinvited: boolean }> {
  if (actor.role === "customer" || !isUuid(input.accountId)) throw new NotFoundError("No such account");
  const email = input.email.trim().toLowerCase();
  return db.transaction().execute(async (trx) => {
    const account = await trx
      .selectFrom("accounts")
      .select(["id", "name"])
      .where("id", "=", input.accountId)
      .where(accountScope({ ...actor, accountId: null }))
      .executeTakeFirst();
    if (!account) throw new NotFoundError("No such account");
    assertMayChange(actor);
    const existing = await findInvitee(trx, email);
    // The address is someone's elsewhere (another account, or staff). Saying so
    // would tell this CSM who else uses the portal, so the answer is a fresh
    // invitation's, and nothing is written or sent: that person is left alone.
    if (existing && (existing.role !== "customer" || existing.account_id !== account.id)) {
      return { userId: null, reinvited: false };
    }
    if (existing?.joined_at && !existing.deactivated_at) {
      throw new InputError("That person is already a contact here; they can sign in with a link.", "email");
    }
    const userId = await saveInvitee(trx, existing?.id, {
      email,
      name: input.name,
      role: "customer",
      accountId: account.id,
    });
    await issueInvitation(
      trx,
      db,
      {
        user: { id: userId, email, accountId: account.id },
        inviter: actor,
        accountName: account.name,
        roleLabel: "customer contact",
        ip: input.ip,
      },
      now,
    );
    return { userId, reinvited: !!existing };
  });
}
