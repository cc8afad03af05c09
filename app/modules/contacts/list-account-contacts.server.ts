// An account's contacts for its CSM or an admin: who has joined, who is
// invited and waiting, who was removed, and when each was last seen.

import { type Actor, accountScope, isUuid } from "~/modules/accounts/access.server";
import type { DB } from "~/utils/db.server";
import { NotFoundError } from "~/utils/errors.server";

export interface ContactRow {
  id: string;
  name: string;
  email: string;
  title: string | null;
  state: "active" | "invited" | "removed";
  invitedAt: string | null;
  lastSeenAt: string | null;
}

export async function listAccountContacts(
  db: DB,
  actor: Actor,
  accountId: string,
): Promise<{ account: { id: string; name: string; timezone: string }; contacts: ContactRow[] }> {
  if (actor.role === "customer" || !isUuid(accountId)) throw new NotFoundError("No such account");
  const account = await db
    .selectFrom("accounts")
    .select(["id", "name", "timezone"])
    .where("id", "=", accountId)
    .where(accountScope({ ...actor, accountId: null }))
    .executeTakeFirst();
  if (!account) throw new NotFoundError("No such account");
  const rows = await db
    .selectFrom("users")
    .select(["id", "name", "email", "job_title", "joined_at", "deactivated_at", "invited_at", "last_seen_at"])
    .where("account_id", "=", accountId)
    .where("role", "=", "customer")
    .orderBy("deactivated_at", (ob) => ob.desc().nullsFirst())
    .orderBy("name")
    .execute();
  return {
    account,
    contacts: rows.map((r) => ({
      id: r.id,
      name: r.name,
      email: r.email,
      title: r.job_title,
      state: r.deactivated_at ? "removed" : r.joined_at ? "active" : "invited",
      invitedAt: r.invited_at?.toISOString() ?? null,
      lastSeenAt: r.last_seen_at?.toISOString() ?? null,
    })),
  };
}
