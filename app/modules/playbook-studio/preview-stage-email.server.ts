// The stage email a customer contact would get on entering one stage of a
// playbook document, rendered by the same template the outbox uses, for a
// sample account and contact, so an admin sees the words in place (ADR 037).
import { renderTemplate, type StageMilestoneLine } from "#emails/index";
import type { StageCopy } from "#emails/stage-copy";
import type { EmailContext } from "~/modules/email/render/render-types";
import { dueDateFor } from "~/modules/journeys/due-date";
import { ownerLabel } from "~/modules/playbooks/owner-label";
import type { PlaybookDocument } from "~/modules/playbooks/playbook-document";
import { NotFoundError } from "~/utils/errors.server";

export const SAMPLE_ACCOUNT = "Northwind Traders";
export const SAMPLE_CONTACT = "Alex";
const RESOURCES_TO_START_WITH = 4;

export interface StageEmailPreview {
  subject: string;
  html: string;
  text: string;
  /** Whether the stage has words of its own, or gets the generic ones. */
  words: "stage" | "generic";
}

/**
 * `copy` stands in for the stage's saved words (what an admin typed but has not
 * saved); without it, the stage's own words or the generic ones are shown.
 */
export async function previewStageEmail(
  ctx: EmailContext,
  document: PlaybookDocument,
  stageKey: string,
  today: string,
  copy?: StageCopy | null,
): Promise<StageEmailPreview> {
  const index = document.stages.findIndex((s) => s.key === stageKey);
  const stage = document.stages[index];
  if (!stage) throw new NotFoundError("The playbook has no such stage.");
  const words = copy === undefined ? (stage.email ?? null) : copy;
  const milestones: StageMilestoneLine[] = stage.milestones.map((m) => ({
    title: m.title,
    ownerLabel: ownerLabel({ side: m.ownerSide, role: m.ownerRole, userId: null, name: null }, null, "customer_email"),
    // A sample journey entering the stage today: offsets counted from today either way.
    dueOn: dueDateFor(today, m.dueOffsetDays, m.dueOffsetKind),
    required: m.required,
  }));
  const resources = stage.milestones
    .flatMap((m) => m.resources)
    .slice(0, RESOURCES_TO_START_WITH)
    .map((r) => ({ title: r.title, url: r.url, kind: r.kind, minutes: r.minutes }));
  const rendered = await renderTemplate("stage_entered_customer", {
    productName: ctx.productName,
    vendorName: ctx.vendorName,
    brandColour: ctx.brandColour,
    logoUrl: ctx.logoUrl,
    recipientName: SAMPLE_CONTACT,
    reason: `You get this because you are a contact for ${SAMPLE_ACCOUNT} in ${ctx.vendorName}'s customer portal, and your journey moved to a new stage.`,
    settingsUrl: `${ctx.appUrl}/settings/notifications`,
    accountName: SAMPLE_ACCOUNT,
    copy: words,
    stage: { name: stage.name, description: stage.description, number: index + 1, total: document.stages.length },
    milestones,
    resources,
    journeyUrl: `${ctx.appUrl}/journey`,
  });
  return { ...rendered, words: words ? "stage" : "generic" };
}
