// The common start of every milestone change: find the milestone within the
// actor's accounts (404 otherwise), lock its journey, and re-read it fresh.
import type { Transaction } from "kysely";
import type { Database, MilestoneStatus } from "#db/schema";
import { type Actor, accountScope, assertMayChange, isUuid } from "~/modules/accounts/access.server";
import { ForbiddenError, NotFoundError } from "~/utils/errors.server";

export interface LockedMilestone {
  id: string;
  journeyId: string;
  accountId: string;
  /** The account's timezone, the calendar its due dates are in. */
  timezone: string;
  stageId: string;
  title: string;
  ownerSide: "customer" | "vendor";
  ownerUserId: string | null;
  status: MilestoneStatus;
  dueOn: string | null;
  /** The account goal this step reaches, if linked. */
  goalId: string | null;
}

export async function lockMilestone(
  trx: Transaction<Database>,
  actor: Actor,
  milestoneId: string,
  options: {
    customerMayChange: boolean;
    /** Its named owner may change it even outside their accounts (a staff owner who is not the CSM). */
    ownerMayChange?: boolean;
  },
): Promise<LockedMilestone> {
  if (!isUuid(milestoneId)) throw new NotFoundError("No such milestone");
  const found = await trx
    .selectFrom("journey_milestones as m")
    .innerJoin("journeys as j", "j.id", "m.journey_id")
    .innerJoin("accounts", "accounts.id", "j.account_id")
    .select(["m.journey_id", "accounts.id as account_id", "accounts.timezone"])
    .where("m.id", "=", milestoneId)
    .where((eb) =>
      options.ownerMayChange
        ? eb.or([accountScope(actor)(eb), eb("m.owner_user_id", "=", actor.id)])
        : accountScope(actor)(eb),
    )
    .executeTakeFirst();
  if (!found) throw new NotFoundError("No such milestone");
  // Before the lock: a viewer's refused change should not queue behind real ones.
  assertMayChange(actor);

  // Serialises every change to one journey, so concurrent completions agree
  // on which stage comes next.
  await trx.selectFrom("journeys").select("id").where("id", "=", found.journey_id).forUpdate().execute();

  const m = await trx
    .selectFrom("journey_milestones")
    .select(["id", "stage_id", "title", "owner_side", "owner_user_id", "status", "due_on", "goal_id", "visibility"])
    .where("id", "=", milestoneId)
    .executeTakeFirstOrThrow();

  if (actor.role === "customer") {
    // An internal step does not exist for the customer (ADR 036).
    if (m.visibility === "internal") throw new NotFoundError("No such milestone");
    if (!options.customerMayChange) {
      throw new ForbiddenError("Only your customer success team can change this.");
    }
    if (m.owner_side !== "customer") {
      throw new ForbiddenError("This step is owned by our team; we will mark it done.");
    }
  }
  return {
    id: m.id,
    journeyId: found.journey_id,
    accountId: found.account_id,
    timezone: found.timezone,
    stageId: m.stage_id,
    title: m.title,
    ownerSide: m.owner_side,
    ownerUserId: m.owner_user_id,
    status: m.status,
    dueOn: m.due_on,
    goalId: m.goal_id,
  };
}
