// Appends one entry to an account's own history (account_events), inside the
// caller's transaction so the change and its record land together.
import type { Transaction } from "kysely";
import type { AccountEventKind, Database } from "#db/schema";

export async function recordAccountEvent(
  trx: Transaction<Database>,
  event: { accountId: string; kind: AccountEventKind; actorId: string | null; data?: Record<string, unknown> },
  now: Date,
): Promise<void> {
  await trx
    .insertInto("account_events")
    .values({
      account_id: event.accountId,
      kind: event.kind,
      actor_id: event.actorId,
      at: now,
      data: JSON.stringify(event.data ?? {}),
    })
    .execute();
}
