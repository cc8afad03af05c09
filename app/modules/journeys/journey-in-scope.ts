// The account's journey id, if the actor may see the account, as a subquery to put inside a
// larger statement: a page that reads the journey's history pays one round trip, and an
// account outside the actor's scope reads as no journey at all.
import { type Actor, accountScope } from "~/modules/accounts/access.server";
import type { DB } from "~/utils/db.server";

export function journeyInScope(db: DB, actor: Actor, accountId: string) {
  return db
    .selectFrom("journeys")
    .innerJoin("accounts", "accounts.id", "journeys.account_id")
    .select("journeys.id")
    .where("accounts.id", "=", accountId)
    .where(accountScope(actor));
}
