// Owns the registry of email kinds and the one way to turn a kind plus its props
// into a sendable { subject, html, text }, so callers never import templates directly.

import { render } from "@react-email/render";
import { type ComponentType, createElement } from "react";
import Escalation, { subject as escalationSubject } from "./escalation";
import Invitation, { subject as invitationSubject } from "./invitation";
import NudgeDigest, { subject as nudgeDigestSubject } from "./nudge-digest";
import SignInLink, { subject as signInLinkSubject } from "./sign-in-link";
import StageEnteredCsm, { subject as stageEnteredCsmSubject } from "./stage-entered-csm";
import StageEnteredCustomer, { subject as stageEnteredCustomerSubject } from "./stage-entered-customer";

export type * from "./components/props";

export const templates = {
  stage_entered_customer: { component: StageEnteredCustomer, subject: stageEnteredCustomerSubject },
  stage_entered_csm: { component: StageEnteredCsm, subject: stageEnteredCsmSubject },
  nudge_digest: { component: NudgeDigest, subject: nudgeDigestSubject },
  escalation: { component: Escalation, subject: escalationSubject },
  sign_in_link: { component: SignInLink, subject: signInLinkSubject },
  invitation: { component: Invitation, subject: invitationSubject },
};

export type EmailKind = keyof typeof templates;
export type PropsOf<K extends EmailKind> = Parameters<(typeof templates)[K]["subject"]>[0];

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

export async function renderTemplate<K extends EmailKind>(kind: K, props: PropsOf<K>): Promise<RenderedEmail> {
  const template = templates[kind];
  // Indexing the registry with a generic key loses the pairing between a
  // kind's component and its props; the signature above restores it.
  const component = template.component as unknown as ComponentType<PropsOf<K>>;
  const subject = (template.subject as (p: PropsOf<K>) => string)(props);
  const element = createElement(component, props);
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true, htmlToTextOptions })]);
  return { subject, html, text };
}
