// One change to a milestone, as parsed from its form: completes, reopens, sets
// the owner or due date, adds a note, or marks it (not) applicable, through the
// command for that change.
import type { Actor } from "~/modules/accounts/access.server";
import type { DB } from "~/utils/db.server";
import { addMilestoneNote } from "./add-milestone-note.server";
import { changeMilestoneDueDate } from "./change-milestone-due-date.server";
import { changeMilestoneOwner } from "./change-milestone-owner.server";
import { completeMilestone } from "./complete-milestone.server";
import { markApplicableAgain, markNotApplicable } from "./mark-not-applicable.server";
import type { MilestoneIntent } from "./milestone-forms";
import { reopenMilestone } from "./reopen-milestone.server";

/** What changed, for the page to say next to the form that changed it. */
export type MilestoneChange =
  | { intent: "complete"; finishedStage: number | null; goalTitle: string | null }
  | { intent: "reopen" | "note" | "not_applicable" | "applicable" }
  | { intent: "owner"; ownerName: string }
  | { intent: "due"; dueOn: string; inPast: boolean };

/** Applies the change; throws NotFoundError, ForbiddenError or InputError as the command does. */
export async function changeMilestone(
  db: DB,
  actor: Actor,
  now: Date,
  input: MilestoneIntent,
): Promise<MilestoneChange> {
  switch (input.intent) {
    case "complete": {
      const { finishedStage, goalTitle } = await completeMilestone(db, actor, input.milestoneId, now, {
        goalResult: input.result,
      });
      return { intent: "complete", finishedStage, goalTitle };
    }
    case "reopen":
      await reopenMilestone(db, actor, input.milestoneId, now);
      return { intent: "reopen" };
    case "owner": {
      const { ownerName } = await changeMilestoneOwner(db, actor, input.milestoneId, input.ownerId, now);
      return { intent: "owner", ownerName };
    }
    case "due": {
      const { inPast } = await changeMilestoneDueDate(db, actor, input.milestoneId, input.dueOn, now);
      return { intent: "due", dueOn: input.dueOn, inPast };
    }
    case "note":
      await addMilestoneNote(db, actor, input.milestoneId, input.note, now);
      return { intent: "note" };
    case "not_applicable":
      await markNotApplicable(db, actor, input.milestoneId, input.reason, now);
      return { intent: "not_applicable" };
    case "applicable":
      await markApplicableAgain(db, actor, input.milestoneId, now);
      return { intent: "applicable" };
  }
}
