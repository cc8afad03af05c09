// Who may own a milestone of an account: its active contacts and active staff
// who can act (admins and CSMs, not read-only viewers), with each one's team function.
import { type RawBuilder, sql } from "kysely";
import type { Role, TeamFunction } from "#db/schema";
import type { DB } from "~/utils/db.server";
import { prepared } from "~/utils/prepared.server";

export interface OwnerCandidate {
  id: string;
  name: string;
  label: string;
  side: "customer" | "vendor";
  /** What a staff member does, so the picker can group them (null for contacts and for staff without one). */
  teamFunction: TeamFunction | null;
}

interface OwnerRow {
  id: string;
  name: string;
  role: Role;
  job_title: string | null;
  team_function: TeamFunction | null;
}

export async function listOwnerCandidates(db: DB, accountId: string): Promise<OwnerCandidate[]> {
  const rows = await ownerRows(db, accountId).modifyEnd(prepared).execute();
  return rows.map(ownerCandidate);
}

/**
 * The candidates as JSON, to read inside a larger statement (the account page's one statement,
 * ADR 019); `ownerCandidatesFromJson` reads it.
 */
export function ownerCandidatesJson(db: DB, accountId: string): RawBuilder<OwnerRow[]> {
  return sql<OwnerRow[]>`(select coalesce(json_agg(t order by t.role, t.name), '[]'::json)
    from (${ownerRows(db, accountId)}) t)`;
}

export function ownerCandidatesFromJson(rows: OwnerRow[]): OwnerCandidate[] {
  return rows.map(ownerCandidate);
}

function ownerRows(db: DB, accountId: string) {
  return db
    .selectFrom("users")
    .select(["id", "name", "role", "job_title", "team_function"])
    .where("deactivated_at", "is", null)
    .where((eb) => eb.or([eb("account_id", "=", accountId), eb("role", "in", ["admin", "csm"])]))
    .orderBy("role")
    .orderBy("name");
}

function ownerCandidate(r: OwnerRow): OwnerCandidate {
  return {
    id: r.id,
    name: r.name,
    label: r.job_title ?? (r.role === "customer" ? "Contact" : "Staff"),
    side: r.role === "customer" ? "customer" : "vendor",
    teamFunction: r.role === "customer" ? null : r.team_function,
  };
}
