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

/** Applies the change; throws NotFoundError, ForbiddenError or InputError as the command does. */
export async function changeMilestone(db: DB, actor: Actor, now: Date, input: MilestoneIntent): Promise<void> {
  switch (input.intent) {
    case "complete":
      await completeMilestone(db, actor, input.milestoneId, now);
      return;
    case "reopen":
      await reopenMilestone(db, actor, input.milestoneId, now);
      return;
    case "owner":
      await changeMilestoneOwner(db, actor, input.milestoneId, input.ownerId, now);
      return;
    case "due":
      await changeMilestoneDueDate(db, actor, input.milestoneId, input.dueOn, now);
      return;
    case "note":
      await addMilestoneNote(db, actor, input.milestoneId, input.note, now);
      return;
    case "not_applicable":
      await markNotApplicable(db, actor, input.milestoneId, input.reason, now);
      return;
    case "applicable":
      await markApplicableAgain(db, actor, input.milestoneId, now);
      return;
  }
}
