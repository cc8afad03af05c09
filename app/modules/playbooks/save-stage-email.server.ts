// An admin sets (or clears) one draft stage's email words: subject and
// introduction. Only the draft changes; published versions, and the emails
// already queued from them, stay as they are (ADR 037).
import type { Role } from "#db/schema";
import { isUuid } from "~/modules/accounts/access.server";
import type { DB } from "~/utils/db.server";
import { ForbiddenError, InputError, NotFoundError } from "~/utils/errors.server";
import { stageEmailSchema } from "./playbook-document";

export interface StageEmailInput {
  playbookId: string;
  stageKey: string;
  /** Both empty: the stage goes back to the generic words. */
  subject: string;
  intro: string;
}

export type SavedStageEmail = { cleared: true } | { cleared: false; subject: string; intro: string };

/** A browser's textarea sends CRLF; the document keeps plain line feeds. */
function plainLines(text: string): string {
  return text.replace(/\r\n?/g, "\n");
}

/**
 * The words as a form sends them, checked as the document checks them: null when
 * both are empty (the generic words), an InputError naming the field otherwise.
 */
export function checkStageEmail(input: { subject: string; intro: string }): { subject: string; intro: string } | null {
  const subject = plainLines(input.subject);
  const intro = plainLines(input.intro);
  if (!subject.trim() && !intro.trim()) return null;
  const parsed = stageEmailSchema.safeParse({ subject, intro });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(issue.message, String(issue.path[0] ?? "subject"));
  }
  return parsed.data;
}

export async function saveStageEmail(db: DB, actor: { role: Role }, input: StageEmailInput): Promise<SavedStageEmail> {
  if (actor.role !== "admin") throw new ForbiddenError("Only admins edit playbooks.");
  if (!isUuid(input.playbookId)) throw new NotFoundError("No such playbook.");
  const email = checkStageEmail(input);
  const updated = await db
    .updateTable("playbook_stages")
    .set({ email_subject: email?.subject ?? null, email_intro: email?.intro ?? null })
    .where("playbook_id", "=", input.playbookId)
    .where("key", "=", input.stageKey)
    .executeTakeFirst();
  if (!updated.numUpdatedRows) throw new NotFoundError("The draft has no such stage.");
  return email ? { cleared: false, ...email } : { cleared: true };
}
