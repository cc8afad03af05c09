// The stage names a portfolio can be filtered by: those of the journeys the
// actor may see, in journey order, so a vendor's own playbook shows its own.

import { type Actor, accountScope } from "~/modules/accounts/access.server";
import type { DB } from "~/utils/db.server";
import { prepared } from "~/utils/prepared.server";

export async function listPortfolioStages(db: DB, actor: Actor): Promise<string[]> {
  const rows = await db
    .selectFrom("journey_stages as s")
    .innerJoin("journeys as j", "j.id", "s.journey_id")
    .innerJoin("accounts", "accounts.id", "j.account_id")
    .select((eb) => ["s.name", eb.fn.min("s.position").as("position")])
    .where(accountScope(actor))
    .groupBy("s.name")
    .orderBy("position")
    .orderBy("s.name")
    .modifyEnd(prepared)
    .execute();
  return rows.map((r) => r.name);
}
