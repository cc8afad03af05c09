// The kinds of security event the audit log records, for the query and the page's filter.
import type { AuditKind } from "#db/schema";

export const AUDIT_KINDS: AuditKind[] = [
  "sign_in",
  "sign_in_failed",
  "sign_in_link_requested",
  "invitation_sent",
  "invitation_accepted",
  "role_changed",
  "team_function_changed",
  "deactivated",
  "password_changed",
  "accounts_imported",
  "first_admin_created",
];
