// Who may own a milestone of an account: its active contacts and active staff
// who can act (admins and CSMs, not read-only viewers), with each one's team function.
import type { TeamFunction } from "#db/schema";
import type { DB } from "~/utils/db.server";

export interface OwnerCandidate {
  id: string;
  name: string;
  label: string;
  side: "customer" | "vendor";
  /** What a staff member does, so the picker can group them (null for contacts and for staff without one). */
  teamFunction: TeamFunction | null;
}

export async function listOwnerCandidates(db: DB, accountId: string): Promise<OwnerCandidate[]> {
  const rows = await db
    .selectFrom("users")
    .select(["id", "name", "role", "job_title", "account_id", "team_function"])
    .where("deactivated_at", "is", null)
    .where((eb) => eb.or([eb("account_id", "=", accountId), eb("role", "in", ["admin", "csm"])]))
    .orderBy("role")
    .orderBy("name")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    label: r.job_title ?? (r.role === "customer" ? "Contact" : "Staff"),
    side: r.role === "customer" ? "customer" : "vendor",
    teamFunction: r.role === "customer" ? null : r.team_function,
  }));
}
