// An account's settings after it exists: its name, CSM and timezone, its
// status (with the pause that holds its journey), and archiving. Each change is
// one transaction that also writes the account's history.
import { sql, type Transaction } from "kysely";
import type { AccountStatus, Database } from "#db/schema";
import { type Actor, accountScope, isUuid } from "~/modules/accounts/access.server";
import { isValidTimeZone } from "~/utils/dates";
import type { DB } from "~/utils/db.server";
import { ForbiddenError, InputError, NotFoundError } from "~/utils/errors.server";
import { checkCsm } from "./account-choices.server";
import { recordAccountEvent } from "./record-account-event.server";

type Trx = Transaction<Database>;

export interface AccountSettings {
  id: string;
  name: string;
  domain: string | null;
  segment: string | null;
  timezone: string;
  csmId: string | null;
  status: AccountStatus;
  startedOn: string;
  pausedAt: string | null;
  onHoldDays: number;
  archivedAt: string | null;
}

function staffOnly(actor: Actor): void {
  if (actor.role !== "admin" && actor.role !== "csm") throw new NotFoundError("No such account");
}

export async function getAccountSettings(db: DB, actor: Actor, accountId: string): Promise<AccountSettings> {
  staffOnly(actor);
  if (!isUuid(accountId)) throw new NotFoundError("No such account");
  const a = await db
    .selectFrom("accounts")
    .selectAll("accounts")
    .where("accounts.id", "=", accountId)
    .where(accountScope({ ...actor, accountId: null }))
    .executeTakeFirst();
  if (!a) throw new NotFoundError("No such account");
  return {
    id: a.id,
    name: a.name,
    domain: a.domain,
    segment: a.segment,
    timezone: a.timezone,
    csmId: a.csm_id,
    status: a.status,
    startedOn: a.started_on,
    pausedAt: a.paused_at?.toISOString() ?? null,
    onHoldDays: a.on_hold_days,
    archivedAt: a.archived_at?.toISOString() ?? null,
  };
}

/** The account under a row lock, so two changes to one account run one after the other. */
async function lockAccount(trx: Trx, actor: Actor, accountId: string) {
  staffOnly(actor);
  if (!isUuid(accountId)) throw new NotFoundError("No such account");
  const a = await trx
    .selectFrom("accounts")
    .selectAll("accounts")
    .where("accounts.id", "=", accountId)
    .where(accountScope({ ...actor, accountId: null }))
    .forUpdate()
    .executeTakeFirst();
  if (!a) throw new NotFoundError("No such account");
  return a;
}

export async function updateAccountDetails(
  db: DB,
  actor: Actor,
  input: { accountId: string; name: string; csmId: string; timezone: string },
  now: Date,
): Promise<{ changed: string[] }> {
  if (!isValidTimeZone(input.timezone)) throw new InputError("Choose a timezone from the list.", "timezone");
  return db.transaction().execute(async (trx) => {
    const a = await lockAccount(trx, actor, input.accountId);
    const changed: string[] = [];
    if (a.name !== input.name) {
      await recordAccountEvent(
        trx,
        { accountId: a.id, kind: "renamed", actorId: actor.id, data: { from: a.name, to: input.name } },
        now,
      );
      changed.push("name");
    }
    if (a.csm_id !== input.csmId) {
      await checkCsm(trx, input.csmId);
      await recordAccountEvent(
        trx,
        { accountId: a.id, kind: "csm_changed", actorId: actor.id, data: { from: a.csm_id, to: input.csmId } },
        now,
      );
      changed.push("CSM");
    }
    // Due dates are calendar dates and stay as they are; the timezone decides
    // which day is "today" for the account (overdue, nudges).
    if (a.timezone !== input.timezone) {
      await recordAccountEvent(
        trx,
        {
          accountId: a.id,
          kind: "timezone_changed",
          actorId: actor.id,
          data: { from: a.timezone, to: input.timezone },
        },
        now,
      );
      changed.push("timezone");
    }
    if (changed.length) {
      await trx
        .updateTable("accounts")
        .set({ name: input.name, csm_id: input.csmId, timezone: input.timezone })
        .where("id", "=", a.id)
        .execute();
    }
    return { changed };
  });
}

/**
 * Moves the account to a status. Leaving a pause counts the whole days it
 * lasted in the account's calendar into on_hold_days; resuming (back to active)
 * also moves every open milestone's due date by those days, each move in the
 * journey's timeline, so the customer is not shown as late for the time on hold.
 */
export async function setAccountStatus(
  db: DB,
  actor: Actor,
  input: { accountId: string; status: AccountStatus },
  now: Date,
): Promise<{ onHoldDays: number; movedMilestones: number }> {
  return db.transaction().execute(async (trx) => {
    const a = await lockAccount(trx, actor, input.accountId);
    if (a.status === input.status) throw new InputError(`The account is already ${input.status}.`, "status");
    let days = 0;
    let moved = 0;
    if (a.status === "paused" && a.paused_at) {
      const held = await sql<{ days: number }>`
        select greatest(0, (${now}::timestamptz at time zone ${a.timezone})::date
          - (${a.paused_at}::timestamptz at time zone ${a.timezone})::date)::int as days`.execute(trx);
      days = held.rows[0]?.days ?? 0;
      if (input.status === "active" && days > 0) moved = await moveOpenDueDates(trx, a.id, days, actor.id, now);
    }
    await trx
      .updateTable("accounts")
      .set({
        status: input.status,
        paused_at: input.status === "paused" ? now : null,
        on_hold_days: a.on_hold_days + days,
      })
      .where("id", "=", a.id)
      .execute();
    await recordAccountEvent(
      trx,
      {
        accountId: a.id,
        kind: "status_changed",
        actorId: actor.id,
        data: { from: a.status, to: input.status, ...(a.status === "paused" ? { onHoldDays: days } : {}) },
      },
      now,
    );
    return { onHoldDays: days, movedMilestones: moved };
  });
}

/** Later by `days`, each open milestone of the account's journey, with a due_date_changed event per move. */
async function moveOpenDueDates(trx: Trx, accountId: string, days: number, actorId: string, now: Date) {
  const { rows } = await sql<{ id: string }>`
    with moved as (
      update journey_milestones m set due_on = m.due_on + ${days}::int
      from journeys j
      where j.id = m.journey_id and j.account_id = ${accountId} and m.status = 'open'
      returning m.id, m.journey_id, m.due_on - ${days}::int as from_on, m.due_on as to_on
    )
    insert into milestone_events (journey_id, milestone_id, kind, actor_id, at, data)
    select journey_id, id, 'due_date_changed', ${actorId}::uuid, ${now}::timestamptz,
      jsonb_build_object('from', to_char(from_on, 'YYYY-MM-DD'), 'to', to_char(to_on, 'YYYY-MM-DD'),
        'reason', 'pause', 'days', ${days}::int)
    from moved
    returning id`.execute(trx);
  return rows.length;
}

/**
 * Archiving takes an account out of every list and stops its emails; its pages
 * still open by address, so it can be found again. Only an admin restores one.
 */
export async function setAccountArchived(
  db: DB,
  actor: Actor,
  input: { accountId: string; archived: boolean },
  now: Date,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const a = await lockAccount(trx, actor, input.accountId);
    if (!input.archived && actor.role !== "admin")
      throw new ForbiddenError("Only an admin can restore an archived account.");
    if (!!a.archived_at === input.archived) {
      throw new InputError(input.archived ? "The account is already archived." : "The account is not archived.");
    }
    await trx
      .updateTable("accounts")
      .set({ archived_at: input.archived ? now : null })
      .where("id", "=", a.id)
      .execute();
    await recordAccountEvent(
      trx,
      { accountId: a.id, kind: input.archived ? "archived" : "restored", actorId: actor.id },
      now,
    );
  });
}
