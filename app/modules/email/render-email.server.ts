// Turns an outbox row into the email a person receives: its payload parsed
// against its kind's schema, then that kind's renderer, plus the headers.
import type { EmailKind } from "#db/schema";
import { toOneLine } from "~/utils/single-line";
import { parseEmailPayload } from "./email-payloads";
import { outboxEmailHeaders } from "./render/email-chrome.server";
import { renderCommentDigest } from "./render/render-comment-digest.server";
import { renderEscalation } from "./render/render-escalation.server";
import { renderInvitation } from "./render/render-invitation.server";
import { renderNudgeDigest } from "./render/render-nudge-digest.server";
import { renderPulseAlert } from "./render/render-pulse-alert.server";
import { renderSignInLink } from "./render/render-sign-in-link.server";
import { renderStageEnteredCsm, renderStageEnteredCustomer } from "./render/render-stage-entered.server";
import type { EmailContext, OutboxEmailToRender, RenderedBody, Renderer } from "./render/render-types";

export type { EmailContext, OutboxEmailToRender };
export { outboxEmailHeaders };

export interface RenderedEmail extends RenderedBody {
  headers: Record<string, string>;
}

const RENDERERS: { [K in EmailKind]: Renderer<K> } = {
  stage_entered_customer: renderStageEnteredCustomer,
  stage_entered_csm: renderStageEnteredCsm,
  nudge_digest: renderNudgeDigest,
  escalation: renderEscalation,
  sign_in_link: renderSignInLink,
  invitation: renderInvitation,
  pulse_alert: renderPulseAlert,
  comment_digest: renderCommentDigest,
};

function renderKind<K extends EmailKind>(kind: K, row: OutboxEmailToRender, ctx: EmailContext): Promise<RenderedBody> {
  const renderer: Renderer<K> | undefined = RENDERERS[kind];
  if (!renderer) throw new Error(`No template for email kind ${String(kind)}`);
  return renderer({ payload: parseEmailPayload(kind, row.payload), row, ctx });
}

export async function renderOutboxEmail(row: OutboxEmailToRender, ctx: EmailContext): Promise<RenderedEmail> {
  const body = await renderKind(row.kind, row, ctx);
  // Forms refuse line breaks in names now, but rows and names stored before
  // that may hold them: a subject is one header line, whatever it was built from.
  return { ...body, subject: toOneLine(body.subject), headers: outboxEmailHeaders(row, ctx) };
}
