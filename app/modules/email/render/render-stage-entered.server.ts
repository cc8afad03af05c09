// The stage emails: the customer's welcome to a new stage, with its open steps
// and resources to start with, and the CSM's short internal version.
import type { StageMilestoneLine } from "#emails/index";
import { renderTemplate } from "#emails/index";
import { ownerLabel } from "~/modules/playbooks/owner-label";
import type { StagePayload } from "../email-payloads";
import { PULSE_LINK_DAYS, signLink } from "../signed-links.server";
import { emailChrome } from "./email-chrome.server";
import type { OutboxEmailToRender, RenderInput } from "./render-types";

/** The CSM's email lists only the first few open steps. */
const CSM_NEXT_STEPS = 5;

/** Only http(s) links reach an email; a playbook's URL could say anything. */
function isWebLink(url: string): boolean {
  try {
    return ["http:", "https:"].includes(new URL(url).protocol);
  } catch {
    return false;
  }
}

function openStepLines(p: StagePayload, row: OutboxEmailToRender): StageMilestoneLine[] {
  const audience = row.recipient_role === "customer" ? "customer_email" : "staff_email";
  return p.milestones
    .filter((m) => !m.done)
    .map((m) => ({
      title: m.title,
      ownerLabel: ownerLabel(
        { side: m.ownerSide, role: m.ownerRole, userId: m.ownerUserId, name: m.ownerName },
        row.recipient_user_id,
        audience,
      ),
      dueOn: m.dueOn,
      required: m.required,
    }));
}

export function renderStageEnteredCustomer({ payload: p, row, ctx }: RenderInput<"stage_entered_customer">) {
  return renderTemplate("stage_entered_customer", {
    ...emailChrome(
      row,
      ctx,
      `You get this because you are a contact for ${p.accountName} in ${ctx.vendorName}'s customer portal, and your journey moved to a new stage.`,
    ),
    accountName: p.accountName,
    copy: p.copy ?? null,
    stage: p.stage,
    milestones: openStepLines(p, row),
    resources: p.resources.filter((r) => isWebLink(r.url)),
    journeyUrl: `${ctx.appUrl}/journey`,
    survey: surveyLinks(p, row, ctx),
  });
}

/**
 * "How did <the stage just finished> go?": a signed link per score, for the contact the email is
 * to, lasting as long as the question is asked. The link opens a page to confirm (mail scanners
 * follow links), so a click alone records nothing.
 */
function surveyLinks(p: StagePayload, row: OutboxEmailToRender, ctx: RenderInput<"stage_entered_customer">["ctx"]) {
  if (!p.fromStageId || !row.recipient_user_id || row.recipient_role !== "customer") return null;
  const exp = Math.floor(row.created_at.getTime() / 1000) + PULSE_LINK_DAYS * 86_400;
  const token = signLink(ctx.secret, { p: "pulse", u: row.recipient_user_id, s: p.fromStageId, exp });
  return {
    stageName: p.fromStage,
    scoreUrls: [1, 2, 3, 4, 5].map((n) => `${ctx.appUrl}/pulse?token=${encodeURIComponent(token)}&score=${n}`),
  };
}

export function renderStageEnteredCsm({ payload: p, row, ctx }: RenderInput<"stage_entered_csm">) {
  return renderTemplate("stage_entered_csm", {
    ...emailChrome(row, ctx, `You get this because you are the customer success manager for ${p.accountName}.`),
    accountName: p.accountName,
    fromStage: p.fromStage,
    toStage: p.stage.name,
    daysInLastStage: p.daysInLastStage,
    nextSteps: openStepLines(p, row).slice(0, CSM_NEXT_STEPS),
    accountUrl: `${ctx.appUrl}/csm/accounts/${p.accountId}`,
  });
}
