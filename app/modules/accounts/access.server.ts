// Which accounts a person may see: customers their own, CSMs those assigned to
// them, admins all. Every query on customer data goes through these scopes.
import type { ExpressionBuilder } from "kysely";
import type { Database } from "#db/schema";

export interface Actor {
  id: string;
  role: "admin" | "csm" | "customer";
  /** A customer's own account; for staff, set it to narrow a request to one account. */
  accountId: string | null;
}

const NO_ACCOUNT = "00000000-0000-0000-0000-000000000000";

/** A where-clause on `accounts` that keeps only what the actor may see. */
export function accountScope(actor: Actor) {
  return (eb: ExpressionBuilder<Database, "accounts">) => {
    const narrowed =
      actor.accountId !== null
        ? eb("accounts.id", "=", isUuid(actor.accountId) ? actor.accountId : NO_ACCOUNT)
        : eb.lit(true);
    if (actor.role === "admin") return narrowed;
    if (actor.role === "csm") return eb.and([eb("accounts.csm_id", "=", actor.id), narrowed]);
    return eb("accounts.id", "=", actor.accountId && isUuid(actor.accountId) ? actor.accountId : NO_ACCOUNT);
  };
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID_RE.test(value);
}
