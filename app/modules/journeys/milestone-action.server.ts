// Turns a posted milestone form into one domain command and an HTTP answer:
// 400 with a message for bad input, 403 for a step the caller may not change,
// 404 for anything outside the caller's accounts. Nothing is half-written.
import { data } from "@remix-run/node";
import type { Actor } from "~/modules/accounts/access.server";
import { getDb } from "~/utils/db.server";
import { ForbiddenError, InputError, NotFoundError } from "~/utils/errors.server";
import { addMilestoneNote } from "./add-milestone-note.server";
import { changeMilestoneDueDate } from "./change-milestone-due-date.server";
import { changeMilestoneOwner } from "./change-milestone-owner.server";
import { completeMilestone } from "./complete-milestone.server";
import { type MilestoneIntent, milestoneIntent } from "./milestone-forms";
import { reopenMilestone } from "./reopen-milestone.server";

export type MilestoneActionData =
  | { ok: true; milestoneId: string }
  | { ok: false; error: string; milestoneId?: string; field?: string };

export async function handleMilestoneAction(
  request: Request,
  actor: Actor,
  allowed: MilestoneIntent["intent"][],
  now = new Date(),
) {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return data<MilestoneActionData>({ ok: false, error: "The form could not be read." }, { status: 400 });
  }
  const raw = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string"));
  const parsed = milestoneIntent.safeParse(raw);
  const rawId = typeof raw.milestoneId === "string" ? raw.milestoneId : undefined;
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return data<MilestoneActionData>(
      { ok: false, error: issue?.message ?? "Invalid input.", milestoneId: rawId, field: issue?.path.join(".") },
      { status: 400 },
    );
  }
  const input = parsed.data;
  if (!allowed.includes(input.intent)) {
    return data<MilestoneActionData>(
      { ok: false, error: "You cannot make that change here.", milestoneId: input.milestoneId },
      { status: 403 },
    );
  }
  const db = getDb();
  try {
    switch (input.intent) {
      case "complete":
        await completeMilestone(db, actor, input.milestoneId, now);
        break;
      case "reopen":
        await reopenMilestone(db, actor, input.milestoneId, now);
        break;
      case "owner":
        await changeMilestoneOwner(db, actor, input.milestoneId, input.ownerId, now);
        break;
      case "due":
        await changeMilestoneDueDate(db, actor, input.milestoneId, input.dueOn, now);
        break;
      case "note":
        await addMilestoneNote(db, actor, input.milestoneId, input.note, now);
        break;
    }
  } catch (e) {
    if (e instanceof NotFoundError) {
      throw new Response("That milestone was not found.", { status: 404 });
    }
    if (e instanceof ForbiddenError) {
      return data<MilestoneActionData>(
        { ok: false, error: e.message, milestoneId: input.milestoneId },
        { status: 403 },
      );
    }
    if (e instanceof InputError) {
      return data<MilestoneActionData>(
        { ok: false, error: e.message, milestoneId: input.milestoneId, field: e.field },
        { status: 400 },
      );
    }
    throw e;
  }
  return data<MilestoneActionData>({ ok: true, milestoneId: input.milestoneId });
}
