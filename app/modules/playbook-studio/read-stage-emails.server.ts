// The stage emails page's data: each stage's subject and introduction in the
// chosen state of the playbook (the draft unless a version is asked for), and
// the chosen stage's email rendered as a sample contact would get it.

import type { Role } from "#db/schema";
import type { StageCopy } from "#emails/stage-copy";
import type { EmailContext } from "~/modules/email/render/render-types";
import {
  type PlaybookChoice,
  readPlaybookDocument,
  type ShownPlaybook,
} from "~/modules/playbooks/read-playbook-document.server";
import { checkStageEmail } from "~/modules/playbooks/save-stage-email.server";
import type { DB } from "~/utils/db.server";
import { ForbiddenError, NotFoundError } from "~/utils/errors.server";
import { previewStageEmail, type StageEmailPreview } from "./preview-stage-email.server";

export interface StageEmailLine {
  key: string;
  position: number;
  name: string;
  email: StageCopy | null;
}

export interface StageEmailsView extends Omit<ShownPlaybook, "document"> {
  stages: StageEmailLine[];
  /** The stage whose email is shown. */
  stageKey: string;
  preview: StageEmailPreview;
}

export async function readStageEmails(
  db: DB,
  ctx: EmailContext,
  input: { playbookId: string; choice: PlaybookChoice; stageKey?: string; today: string },
): Promise<StageEmailsView> {
  const { document, ...shown } = await readPlaybookDocument(db, input.playbookId, input.choice);
  const stage = input.stageKey ? document.stages.find((s) => s.key === input.stageKey) : document.stages[0];
  if (!stage)
    throw new NotFoundError(input.stageKey ? `There is no stage "${input.stageKey}".` : "The playbook has no stages.");
  return {
    ...shown,
    stages: document.stages.map((s, i) => ({ key: s.key, position: i + 1, name: s.name, email: s.email ?? null })),
    stageKey: stage.key,
    preview: await previewStageEmail(ctx, document, stage.key, input.today),
  };
}

/**
 * The draft stage's email with words an admin typed but has not saved, checked
 * as saving would check them; both empty previews the generic words.
 */
export async function previewUnsavedStageEmail(
  db: DB,
  actor: { role: Role },
  ctx: EmailContext,
  input: { playbookId: string; stageKey: string; subject: string; intro: string; today: string },
): Promise<StageEmailPreview> {
  if (actor.role !== "admin") throw new ForbiddenError("Only admins edit playbooks.");
  const copy = checkStageEmail(input);
  const { document } = await readPlaybookDocument(db, input.playbookId, { draft: true });
  return previewStageEmail(ctx, document, input.stageKey, input.today, copy);
}
