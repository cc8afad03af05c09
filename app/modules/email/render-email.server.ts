// Turns an outbox row's stored data into the email a person receives: template
// props with absolute links, signed one-click links, subject, HTML, text, headers.
import type { EmailKind } from "#db/schema";
import type { NudgeItem, StageMilestoneLine } from "#emails/components/props";
import { renderTemplate } from "#emails/index";
import { INVITATION_DAYS, type InvitationPayload } from "~/modules/auth/issue-invitation.server";
import { unseal } from "~/modules/auth/one-time-token.server";
import { SIGN_IN_LINK_MINUTES, type SignInLinkPayload } from "~/modules/auth/request-sign-in-link.server";
import { roleLabel } from "~/modules/journeys/labels";
import type { StagePayload } from "./queue-stage-emails.server";
import type { NudgePayloadItem } from "./run-nudge-sweep.server";
import { DONE_LINK_DAYS, signLink } from "./signed-links.server";

export interface EmailContext {
  appUrl: string;
  productName: string;
  vendorName: string;
  /** "Name <address>" */
  from: string;
  secret: Buffer;
}

export interface OutboxEmailToRender {
  id: string;
  kind: EmailKind;
  payload: Record<string, unknown>;
  created_at: Date;
  recipient_user_id: string | null;
  recipient_name: string | null;
  recipient_role: "admin" | "csm" | "customer" | null;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
}

/** Only http(s) links reach an email; a playbook's URL could say anything. */
function isWebLink(url: string): boolean {
  try {
    return ["http:", "https:"].includes(new URL(url).protocol);
  } catch {
    return false;
  }
}

/** Which opt-out an email falls under; null for emails a person asked for (sign-in links, invitations). */
export function emailCategory(kind: EmailKind): "nudges" | "lifecycle" | null {
  if (kind === "nudge_digest" || kind === "escalation") return "nudges";
  if (kind === "stage_entered_customer" || kind === "stage_entered_csm") return "lifecycle";
  return null;
}

/** Emails whose links carry a one-time token: never stored in the clear once sent. */
export function carriesOneTimeToken(kind: EmailKind): boolean {
  return kind === "sign_in_link" || kind === "invitation";
}

function unsubscribeUrl(ctx: EmailContext, row: OutboxEmailToRender): string | undefined {
  const category = emailCategory(row.kind);
  if (!row.recipient_user_id || !category) return undefined;
  const token = signLink(ctx.secret, { p: "unsubscribe", u: row.recipient_user_id, c: category });
  return `${ctx.appUrl}/email/unsubscribe?token=${token}`;
}

function milestoneUrl(ctx: EmailContext, staff: boolean, accountId: string, milestoneId: string): string {
  const page = staff ? `/csm/accounts/${accountId}` : "/journey";
  return `${ctx.appUrl}${page}#milestone-${milestoneId}`;
}

function ownerLabel(m: StagePayload["milestones"][number], recipientId: string | null, staff: boolean): string {
  if (m.ownerUserId && m.ownerUserId === recipientId) return "You";
  if (m.ownerSide === "customer") {
    if (staff) return m.ownerName ? `${m.ownerName} (customer)` : "The customer";
    return m.ownerName ?? "Your team";
  }
  const role = roleLabel("vendor", m.ownerRole);
  return m.ownerName ? `${m.ownerName} · ${role}` : role;
}

/** Groups items by account in order of each account's oldest item (items arrive oldest first). */
function byAccount<T extends { accountId: string; accountName: string }>(items: T[]) {
  const groups = new Map<string, { accountId: string; accountName: string; items: T[] }>();
  for (const item of items) {
    const g = groups.get(item.accountId) ?? { accountId: item.accountId, accountName: item.accountName, items: [] };
    g.items.push(item);
    groups.set(item.accountId, g);
  }
  return [...groups.values()];
}

/** RFC 8058 headers for an email one can opt out of; none for emails a person asked for. */
function oneClickHeaders(unsubscribe: string | undefined): Record<string, string> {
  return unsubscribe
    ? { "List-Unsubscribe": `<${unsubscribe}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" }
    : {};
}

/** The headers an outbox row is sent with, without rendering its body. */
export function outboxEmailHeaders(row: OutboxEmailToRender, ctx: EmailContext): Record<string, string> {
  return oneClickHeaders(unsubscribeUrl(ctx, row));
}

export async function renderOutboxEmail(row: OutboxEmailToRender, ctx: EmailContext): Promise<RenderedEmail> {
  const staff = row.recipient_role !== "customer";
  const unsubscribe = unsubscribeUrl(ctx, row);
  const chrome = {
    productName: ctx.productName,
    vendorName: ctx.vendorName,
    recipientName: row.recipient_name ?? "there",
    settingsUrl: `${ctx.appUrl}/settings/notifications`,
    unsubscribeUrl: unsubscribe,
  };
  const headers = oneClickHeaders(unsubscribe);

  let rendered: { subject: string; html: string; text: string };
  switch (row.kind) {
    case "stage_entered_customer":
    case "stage_entered_csm": {
      const p = row.payload as unknown as StagePayload;
      const lines: StageMilestoneLine[] = p.milestones
        .filter((m) => !m.done)
        .map((m) => ({
          title: m.title,
          ownerLabel: ownerLabel(m, row.recipient_user_id, staff),
          dueOn: m.dueOn,
          required: m.required,
        }));
      rendered =
        row.kind === "stage_entered_customer"
          ? await renderTemplate("stage_entered_customer", {
              ...chrome,
              reason: `You get this because you are a contact for ${p.accountName} in ${ctx.vendorName}'s customer portal, and your journey moved to a new stage.`,
              accountName: p.accountName,
              stage: p.stage,
              milestones: lines,
              resources: p.resources.filter((r) => isWebLink(r.url)),
              journeyUrl: `${ctx.appUrl}/journey`,
            })
          : await renderTemplate("stage_entered_csm", {
              ...chrome,
              reason: `You get this because you are the customer success manager for ${p.accountName}.`,
              accountName: p.accountName,
              fromStage: p.fromStage,
              toStage: p.stage.name,
              daysInLastStage: p.daysInLastStage,
              nextSteps: lines.slice(0, 5),
              accountUrl: `${ctx.appUrl}/csm/accounts/${p.accountId}`,
            });
      break;
    }
    case "nudge_digest": {
      const items = (row.payload.items ?? []) as NudgePayloadItem[];
      const expires = Math.floor(row.created_at.getTime() / 1000) + DONE_LINK_DAYS * 86400;
      rendered = await renderTemplate("nudge_digest", {
        ...chrome,
        reason:
          "You get this because you own these steps. We send at most one reminder a day, only in your working hours, and not about the same step more than once every three days.",
        accounts: byAccount(items).map((g) => ({
          accountName: g.accountName,
          items: g.items.map(
            (i): NudgeItem => ({
              title: i.title,
              stageName: i.stageName,
              dueOn: i.dueOn,
              daysOverdue: i.daysOverdue,
              milestoneUrl: milestoneUrl(ctx, staff, i.accountId, i.milestoneId),
              doneUrl: row.recipient_user_id
                ? `${ctx.appUrl}/email/done?token=${signLink(ctx.secret, { p: "done", u: row.recipient_user_id, m: i.milestoneId, exp: expires })}`
                : null,
            }),
          ),
        })),
      });
      break;
    }
    case "escalation": {
      const items = (row.payload.items ?? []) as NudgePayloadItem[];
      const thresholdDays = Number(row.payload.thresholdDays ?? 5);
      rendered = await renderTemplate("escalation", {
        ...chrome,
        reason: `You get this because you are the customer success manager for these accounts, and these customer steps are more than ${thresholdDays} days overdue. The customer is no longer reminded about them; you are.`,
        thresholdDays,
        accounts: byAccount(items).map((g) => ({
          accountName: g.accountName,
          accountUrl: `${ctx.appUrl}/csm/accounts/${g.accountId}`,
          items: g.items.map((i) => ({
            title: i.title,
            stageName: i.stageName,
            ownerName: i.ownerName ?? "Unassigned",
            dueOn: i.dueOn,
            daysOverdue: i.daysOverdue,
            milestoneUrl: milestoneUrl(ctx, true, i.accountId, i.milestoneId),
          })),
        })),
      });
      break;
    }
    case "sign_in_link": {
      const p = row.payload as unknown as SignInLinkPayload;
      const token = unseal(ctx.secret, p.sealedToken);
      rendered = await renderTemplate("sign_in_link", {
        productName: ctx.productName,
        vendorName: ctx.vendorName,
        recipientName: chrome.recipientName,
        signInUrl: `${ctx.appUrl}/login/link?token=${token}`,
        expiresInMinutes: SIGN_IN_LINK_MINUTES,
        reason: `You get this because someone, hopefully you, asked for a sign-in link to ${ctx.vendorName}'s customer portal at ${ctx.appUrl}.`,
      });
      break;
    }
    case "invitation": {
      const p = row.payload as unknown as InvitationPayload;
      const token = unseal(ctx.secret, p.sealedToken);
      rendered = await renderTemplate("invitation", {
        productName: ctx.productName,
        vendorName: ctx.vendorName,
        recipientName: chrome.recipientName,
        inviterName: p.inviterName,
        accountName: p.accountName,
        roleLabel: p.roleLabel,
        acceptUrl: `${ctx.appUrl}/invitations/accept?token=${token}`,
        expiresInDays: INVITATION_DAYS,
        reason: `You get this because ${p.inviterName} invited this address to ${ctx.vendorName}'s customer portal. If you do not want to join, ignore it; nothing happens.`,
      });
      break;
    }
    default:
      throw new Error(`No template for email kind ${String(row.kind)}`);
  }
  return { ...rendered, headers };
}
