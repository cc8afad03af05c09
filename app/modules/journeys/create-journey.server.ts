// Starts an account's journey as a snapshot copy of its playbook's latest published
// version, so later edits never rewrite a running journey. Copies are set-based SQL.
import { sql, type Transaction } from "kysely";
import type { Database } from "#db/schema";
import { InputError } from "~/utils/errors.server";
import { advanceJourney, type StageEntered } from "./advance-journey.server";

export async function createJourney(
  trx: Transaction<Database>,
  input: { accountId: string; playbookId: string; startedOn: string; primaryContactId?: string },
  now: Date,
): Promise<{ journeyId: string; entered: StageEntered[] }> {
  const account = await trx
    .selectFrom("accounts")
    .select(["csm_id"])
    .where("id", "=", input.accountId)
    .executeTakeFirstOrThrow();
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

  await sql`
    insert into journey_milestones (journey_id, stage_id, position, playbook_key, title, description,
      owner_side, owner_role, owner_user_id, required, due_on)
    select ${journeyId}, js.id, pm.position, pm.key, pm.title, pm.description, pm.owner_side, pm.owner_role,
      case
        when pm.owner_side = 'customer' then ${primaryContact?.id ?? null}::uuid
        when pm.owner_role = 'csm' then ${account.csm_id}::uuid
        else (select u.id from users u
              where u.team_function = pm.owner_role and u.role in ('admin', 'csm')
                and u.deactivated_at is null
              order by u.created_at, u.id limit 1)
      end,
      pm.required,
      -- Business-day offsets skip weekends (add_business_days, migration 007).
      case pm.due_offset_kind
        when 'business' then add_business_days(${input.startedOn}::date, pm.due_offset_days)
        else ${input.startedOn}::date + pm.due_offset_days
      end
    from playbook_version_milestones pm
    join journey_stages js on js.journey_id = ${journeyId} and js.position = pm.stage_position
    where pm.version_id = ${version.id}`.execute(trx);

  await sql`
    insert into journey_resources (milestone_id, position, title, url, kind, minutes)
    select jm.id, pr.position, pr.item->>'title', pr.item->>'url', pr.item->>'kind', (pr.item->>'minutes')::integer
    from playbook_version_milestones pm
    cross join lateral jsonb_array_elements(pm.resources) with ordinality as pr(item, position)
    join journey_stages js on js.journey_id = ${journeyId} and js.position = pm.stage_position
    join journey_milestones jm on jm.stage_id = js.id and jm.position = pm.position
    where pm.version_id = ${version.id}`.execute(trx);

  await trx.selectFrom("journeys").select("id").where("id", "=", journeyId).forUpdate().execute();
  const { entered } = await advanceJourney(trx, journeyId, now, null);
  return { journeyId, entered };
}
