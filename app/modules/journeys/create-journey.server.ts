// Starts an account's journey as a snapshot copy of its playbook's latest published
// version, so later edits never rewrite a running journey. Copies are set-based SQL.
import { sql, type Transaction } from "kysely";
import type { Database } from "#db/schema";
import { InputError } from "~/utils/errors.server";
import { advanceJourney, type StageEntered } from "./advance-journey.server";
import { copyVersionMilestones } from "./copy-version-milestones.server";

export async function createJourney(
  trx: Transaction<Database>,
  input: { accountId: string; playbookId: string; startedOn: string; primaryContactId?: string },
  now: Date,
): Promise<{ journeyId: string; entered: StageEntered[] }> {
  // A journey runs the playbook's latest published version; a draft is never live (ADR 030).
  const version = await trx
    .selectFrom("playbook_versions")
    .select(["id", "playbook_id", sql<string>`document->>'name'`.as("name")])
    .where("playbook_id", "=", input.playbookId)
    .orderBy("number", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!version) throw new InputError("This playbook has no published version yet: publish it first.", "playbookId");
  // Customer-side milestones start with the primary contact; a CSM reassigns them.
  const primaryContact = await trx
    .selectFrom("users")
    .select("id")
    .where("account_id", "=", input.accountId)
    .$if(!!input.primaryContactId, (q) => q.where("id", "=", input.primaryContactId!))
    .where("deactivated_at", "is", null)
    .orderBy("created_at")
    .orderBy("id")
    .executeTakeFirst();

  const { id: journeyId } = await trx
    .insertInto("journeys")
    .values({
      account_id: input.accountId,
      playbook_id: version.playbook_id,
      playbook_version_id: version.id,
      playbook_name: version.name,
      started_on: input.startedOn,
    })
    .returning("id")
    .executeTakeFirstOrThrow();

  await sql`
    insert into journey_stages (journey_id, position, name, description, playbook_key)
    select ${journeyId}, position, name, description, key
    from playbook_version_stages where version_id = ${version.id}`.execute(trx);

  // The one rule for turning a version's milestones into a journey's (segments, owners, due dates).
  await copyVersionMilestones(trx, {
    versionId: version.id,
    journeyIds: [journeyId],
    primaryContactId: primaryContact?.id ?? null,
  });

  await trx.selectFrom("journeys").select("id").where("id", "=", journeyId).forUpdate().execute();
  const { entered } = await advanceJourney(trx, journeyId, now, null);
  return { journeyId, entered };
}
