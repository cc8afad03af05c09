// Which accounts a person may see: customers their own, CSMs those assigned to
// them, admins and viewers all; and who may change what they see (not viewers).
// Every query on customer data goes through these scopes.
import type { ExpressionBuilder } from "kysely";
import type { Database, Role } from "#db/schema";
import { ForbiddenError } from "~/utils/errors.server";

export interface Actor {
  id: string;
  role: Role;
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
    if (seesAllAccounts(actor)) return narrowed;
    if (actor.role === "csm") return eb.and([eb("accounts.csm_id", "=", actor.id), narrowed]);
    return eb("accounts.id", "=", actor.accountId && isUuid(actor.accountId) ? actor.accountId : NO_ACCOUNT);
  };
}

/** Admins and read-only viewers see every account; CSMs their own; customers theirs. */
export function seesAllAccounts(actor: Pick<Actor, "role">): boolean {
  return actor.role === "admin" || actor.role === "viewer";
}

/** Whether the person may change anything at all; a viewer reads everything and changes nothing. */
export function mayChange(actor: Pick<Actor, "role">): boolean {
  return actor.role !== "viewer";
}

export const READ_ONLY_MESSAGE = "Your role is read-only; ask an admin if you need to change this.";

/**
 * Every command on customer data calls this first (after its 404 checks), so a
 * viewer's write is refused in the domain even if a page or route forgets to hide it.
 */
export function assertMayChange(actor: Pick<Actor, "role">): void {
  if (!mayChange(actor)) throw new ForbiddenError(READ_ONLY_MESSAGE);
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID_RE.test(value);
}
