// Owns the registry of email templates and the one way to turn a template plus its props
// into a sendable { subject, html, text }, so callers never import templates directly.

import { render } from "@react-email/render";
import { type ComponentType, createElement } from "react";
import CommentDigest, { subject as commentDigestSubject } from "./comment-digest";
import type {
  CommentDigestProps,
  EscalationProps,
  InvitationProps,
  NudgeDigestProps,
  PulseAlertProps,
  SignInLinkProps,
  StageEnteredCsmProps,
  StageEnteredCustomerProps,
} from "./components/props";
import Escalation, { subject as escalationSubject } from "./escalation";
import Invitation, { subject as invitationSubject } from "./invitation";
import NudgeDigest, { subject as nudgeDigestSubject } from "./nudge-digest";
import PulseAlert, { subject as pulseAlertSubject } from "./pulse-alert";
import SignInLink, { subject as signInLinkSubject } from "./sign-in-link";
import StageEnteredCsm, { subject as stageEnteredCsmSubject } from "./stage-entered-csm";
import StageEnteredCustomer, { subject as stageEnteredCustomerSubject } from "./stage-entered-customer";

export type * from "./components/props";

/** A template: the email's body, and its subject line from the same props. */
interface Template<P> {
  component: ComponentType<P>;
  subject: (props: P) => string;
}

/** Each template's props, by its name (the email kind it renders, see db/schema.ts EMAIL_KINDS). */
interface TemplateProps {
  stage_entered_customer: StageEnteredCustomerProps;
  stage_entered_csm: StageEnteredCsmProps;
  nudge_digest: NudgeDigestProps;
  escalation: EscalationProps;
  sign_in_link: SignInLinkProps;
  invitation: InvitationProps;
  pulse_alert: PulseAlertProps;
  comment_digest: CommentDigestProps;
}

export type TemplateName = keyof TemplateProps;

export const templates: { [K in TemplateName]: Template<TemplateProps[K]> } = {
  stage_entered_customer: { component: StageEnteredCustomer, subject: stageEnteredCustomerSubject },
  stage_entered_csm: { component: StageEnteredCsm, subject: stageEnteredCsmSubject },
  nudge_digest: { component: NudgeDigest, subject: nudgeDigestSubject },
  escalation: { component: Escalation, subject: escalationSubject },
  sign_in_link: { component: SignInLink, subject: signInLinkSubject },
  invitation: { component: Invitation, subject: invitationSubject },
  pulse_alert: { component: PulseAlert, subject: pulseAlertSubject },
  comment_digest: { component: CommentDigest, subject: commentDigestSubject },
};

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

// html-to-text upper-cases headings by default, which reads as shouting in
// the text part; everything else (links as "label URL", preview line
// skipped) is what @react-email/render already does.
const htmlToTextOptions = {
  selectors: ["h1", "h2", "h3"].map((selector) => ({ selector, options: { uppercase: false } })),
};

export async function renderTemplate<K extends TemplateName>(name: K, props: TemplateProps[K]): Promise<RenderedEmail> {
  const template: Template<TemplateProps[K]> = templates[name];
  const element = createElement(template.component, props);
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true, htmlToTextOptions })]);
  return { subject: template.subject(props), html, text };
}
