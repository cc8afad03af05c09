// Who may own a milestone of an account: its active contacts and active staff.
import type { DB } from "~/utils/db.server";

export interface OwnerCandidate {
  id: string;
  name: string;
  label: string;
  side: "customer" | "vendor";
}

export async function listOwnerCandidates(db: DB, accountId: string): Promise<OwnerCandidate[]> {
  const rows = await db
    .selectFrom("users")
    .select(["id", "name", "role", "job_title", "account_id"])
    .where("deactivated_at", "is", null)
    .where((eb) => eb.or([eb("account_id", "=", accountId), eb("role", "<>", "customer")]))
    .orderBy("role")
    .orderBy("name")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    label: r.job_title ?? (r.role === "customer" ? "Contact" : "Staff"),
    side: r.role === "customer" ? "customer" : "vendor",
  }));
}
