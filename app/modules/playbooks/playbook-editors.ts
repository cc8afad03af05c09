// Who may change playbooks: admins only. CSMs and read-only viewers read the
// playbooks and their drafts; their writes are refused here, in the domain (ADR 035).
import type { Role } from "#db/schema";
import { ForbiddenError } from "~/utils/errors.server";

export function mayEditPlaybooks(actor: { role: Role }): boolean {
  return actor.role === "admin";
}

export const PLAYBOOKS_READ_ONLY = "Only admins change playbooks; ask an admin if this one needs a change.";

export function assertMayEditPlaybooks(actor: { role: Role }): void {
  if (!mayEditPlaybooks(actor)) throw new ForbiddenError(PLAYBOOKS_READ_ONLY);
}
