// Reopens a completed milestone. The journey never moves backwards; the
// reopening is recorded so the timeline shows it.

import type { Actor } from "~/modules/accounts/access.server";
import type { DB } from "~/utils/db.server";
import { lockMilestone } from "./lock-milestone.server";
import { returnToOpen } from "./return-to-open.server";

export async function reopenMilestone(
  db: DB,
  actor: Actor,
  milestoneId: string,
  now: Date,
): Promise<{ changed: boolean }> {
  return db.transaction().execute(async (trx) => {
    const m = await lockMilestone(trx, actor, milestoneId, { customerMayChange: true });
    // Only a done milestone reopens; a not-applicable one is brought back by its own command.
    if (m.status !== "done") return { changed: false };
    await returnToOpen(trx, m, { kind: "reopened", actorId: actor.id, at: now });
    return { changed: true };
  });
}
