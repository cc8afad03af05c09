// Checks the email templates render for every stage of the demo playbook and for
// their preview props: per-stage copy, counts in subjects, escaping, links in text.
import { describe, expect, it } from "vitest";
import type { PlaybookStage } from "~/modules/playbooks/playbook-document";
import { demoPlaybook } from "~/server/demo/seed-playbook";
import { dueLabel, formatDay } from "../emails/components/layout";
import type {
  EmailChrome,
  EscalationItem,
  EscalationProps,
  InvitationProps,
  NudgeDigestProps,
  NudgeItem,
  SignInLinkProps,
  StageEnteredCsmProps,
  StageEnteredCustomerProps,
} from "../emails/components/props";
import Escalation from "../emails/escalation";
import { renderTemplate } from "../emails/index";
import Invitation, { invitationIntro } from "../emails/invitation";
import NudgeDigest from "../emails/nudge-digest";
import SignInLink from "../emails/sign-in-link";

const app = "http://localhost:3000";
const journeyUrl = `${app}/journey`;
const accountUrl = `${app}/csm/accounts/42`;
const unsubscribeUrl = `${app}/email/unsubscribe?token=test-token`;

function chrome(extra: Partial<EmailChrome> = {}): EmailChrome {
  return {
    productName: "Waypoint",
    vendorName: "Acme Cloud",
    recipientName: "Priya",
    reason: "You get this because you are a contact for Northwind Traders.",
    settingsUrl: `${app}/settings/notifications`,
    ...extra,
  };
}

// React escapes these five in text and attributes; the playbook copy is
// plain today, but the assertion should not break when someone adds an apostrophe.
function escapeHtml(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#x27;");
}

function addDays(ymd: string, days: number): string {
  const [y, m, d] = ymd.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

const stages = demoPlaybook().stages;

// Each demo stage's opening words to the customer, written out here so the
// test does not check the template against its own copy.
const INTRO: Record<string, string> = {
  Purchase:
    "Thank you for choosing Acme Cloud. This first stretch is about paperwork and people: once the agreement is in place, you will meet the team who will guide your rollout.",
  Onboarding:
    "Welcome aboard! The next few weeks are about getting you set up: your workspace configured, your tools connected and your admins confident. We work through each step with you, so you are never on your own.",
  Adoption:
    "Setup is done, and now the fun part starts: getting your team to use Acme Cloud in their everyday work. This stage is about habits and first results, not settings.",
  Retention:
    "You are up and running. From here on we check in regularly, listen to what is and is not working, and fix small problems before they get in your way.",
  Expansion:
    "Your team is getting real value, and that tends to get noticed. This stage is about growing your use of Acme Cloud to more teams and more of your work, at a pace that suits you.",
  Advocacy:
    "You have come a long way with us, and we are grateful. This stage is about looking back on what you achieved and, only if you would like to, sharing your story so others can learn from it.",
};
const journeyStart = "2027-03-01";

function milestoneLines(stage: PlaybookStage) {
  return stage.milestones.map((m) => ({
    title: m.title,
    ownerLabel: m.ownerSide === "customer" ? "Your team" : `Acme Cloud · ${m.ownerRole}`,
    dueOn: addDays(journeyStart, m.dueOffsetDays),
    required: m.required,
  }));
}

function customerProps(index: number, extra: Partial<EmailChrome> = {}): StageEnteredCustomerProps {
  const stage = stages[index];
  return {
    ...chrome(extra),
    accountName: "Northwind Traders",
    // The words the demo playbook's version gives the stage, as the outbox payload carries them.
    copy: stage.email ?? null,
    stage: { name: stage.name, description: stage.description, number: index + 1, total: stages.length },
    milestones: milestoneLines(stage),
    resources: stage.milestones.flatMap((m) => m.resources).slice(0, 3),
    journeyUrl,
  };
}

function csmProps(index: number, extra: Partial<EmailChrome> = {}): StageEnteredCsmProps {
  const stage = stages[index];
  return {
    ...chrome({ recipientName: "Maya", ...extra }),
    accountName: "Northwind Traders",
    fromStage: stages[index - 1].name,
    toStage: stage.name,
    daysInLastStage: 10 + index,
    nextSteps: milestoneLines(stage).slice(0, 3),
    accountUrl,
  };
}

describe("stage entered emails, for every demo playbook stage", () => {
  it("has stages to test", () => {
    expect(stages.length).toBeGreaterThan(1);
  });

  for (const [index, stage] of stages.entries()) {
    it(`renders the customer email for ${stage.name}`, async () => {
      const props = customerProps(index, { unsubscribeUrl });
      const { subject, html, text } = await renderTemplate("stage_entered_customer", props);

      expect(subject).toContain("Northwind Traders");
      expect(html).toContain(escapeHtml(stage.name));
      expect(html).toContain(escapeHtml(stage.description));
      expect(html).toContain(`Step ${index + 1} of ${stages.length}`);
      for (const m of stage.milestones) expect(html).toContain(escapeHtml(m.title));
      expect(text).toContain(INTRO[stage.name]);
      expect(text).toContain(journeyUrl);
      for (const r of props.resources) expect(text).toContain(r.url);
      expect(html).toContain(`href="${unsubscribeUrl}"`);
      expect(text).toContain(unsubscribeUrl);
    });

    // A journey's first stage is where it starts, not a move: no CSM email tells of it.
    if (index === 0) continue;
    it(`renders the CSM email for ${stage.name}`, async () => {
      const props = csmProps(index);
      const { subject, html, text } = await renderTemplate("stage_entered_csm", props);

      expect(subject).toBe(`Northwind Traders moved to ${stage.name}`);
      expect(html).toContain(escapeHtml(stage.name));
      expect(html).toContain(escapeHtml(stages[index - 1].name));
      expect(text).toContain(accountUrl);
      expect(text).toContain(props.settingsUrl);
      // No unsubscribeUrl given: the footer must not offer one.
      expect(html).not.toContain("Unsubscribe");
      expect(text).not.toContain("Unsubscribe");
    });
  }

  it("gives every demo stage its own intro and subject", async () => {
    const rendered = await Promise.all(
      stages.map(async (_, i) => {
        const props = customerProps(i);
        return {
          name: stages[i].name,
          intro: INTRO[stages[i].name],
          ...(await renderTemplate("stage_entered_customer", props)),
        };
      }),
    );
    for (let a = 0; a < rendered.length; a++) {
      for (let b = a + 1; b < rendered.length; b++) {
        const pair = `${rendered[a].name} vs ${rendered[b].name}`;
        expect(rendered[a].intro, pair).not.toBe(rendered[b].intro);
        expect(rendered[a].subject, pair).not.toBe(rendered[b].subject);
        // The other stage's intro must not leak into this stage's email.
        expect(rendered[a].text, pair).not.toContain(rendered[b].intro);
      }
    }
  });

  it("takes its words from the version's stage, filling in the placeholders, not from the stage's name", async () => {
    const base = customerProps(1);
    // Another stage's words under this stage's name: the words follow the version, not the name.
    const borrowed = { ...base, copy: stages[4].email };
    const rendered = await renderTemplate("stage_entered_customer", borrowed);
    expect(rendered.subject).toBe("Ready to grow, Northwind Traders?");
    expect(rendered.text).toContain(INTRO.Expansion);
    expect(rendered.text).not.toContain(INTRO.Onboarding);
    expect(rendered.text).not.toContain("{vendor}");

    const own = {
      ...base,
      copy: {
        subject: "{stage} starts, {account}",
        intro: "Hello from {vendor}.\n\nA second paragraph about {stage}.",
      },
    };
    const mine = await renderTemplate("stage_entered_customer", own);
    expect(mine.subject).toBe("Onboarding starts, Northwind Traders");
    expect(mine.text).toContain("Hello from Acme Cloud.");
    expect(mine.html).toMatch(/Hello from Acme Cloud\.<\/p>[\s\S]*A second paragraph about Onboarding\.<\/p>/);
  });

  it("falls back to generic words when the version gives the stage none, whatever its name", async () => {
    const base = customerProps(1);
    for (const stageName of ["Pilot", base.stage.name]) {
      const props = { ...base, copy: null, stage: { ...base.stage, name: stageName } };
      const { subject, text } = await renderTemplate("stage_entered_customer", props);
      expect(subject).toBe(`Your journey moves on: ${stageName}`);
      expect(text).toContain(
        `Your journey with Acme Cloud has moved on to a new stage: ${stageName}. Here is what it is about and what comes first.`,
      );
      for (const intro of Object.values(INTRO)) expect(text).not.toContain(intro);
    }
  });

  it("shows Unsubscribe only when an unsubscribe link is given", async () => {
    const without = await renderTemplate("stage_entered_customer", customerProps(0));
    expect(without.html).not.toContain("Unsubscribe");
    expect(without.text).not.toContain("Unsubscribe");
    expect(without.text).toContain("Change which emails you get");

    const withLink = await renderTemplate("stage_entered_csm", csmProps(2, { unsubscribeUrl }));
    expect(withLink.html).toContain("Unsubscribe");
    expect(withLink.html).toContain(`href="${unsubscribeUrl}"`);
    expect(withLink.text).toContain(unsubscribeUrl);
  });
});

function nudgeItem(title: string, daysOverdue: number, n: number): NudgeItem {
  return {
    title,
    stageName: "Onboarding",
    dueOn: addDays("2026-11-30", -daysOverdue),
    daysOverdue,
    milestoneUrl: `${app}/journey#milestone-${n}`,
    doneUrl: `${app}/email/done?token=done-${n}`,
  };
}

function digest(...items: NudgeItem[]): NudgeDigestProps {
  return { ...chrome(), accounts: [{ accountName: "Northwind Traders", items }] };
}

describe("nudge digest", () => {
  it("renders its preview props with every link in the text part", async () => {
    const props = NudgeDigest.PreviewProps;
    const { subject, html, text } = await renderTemplate("nudge_digest", props);
    const items = props.accounts.flatMap((a) => a.items);

    expect(subject).toBe("3 steps need you: 1 overdue");
    expect(html).toContain("Here is what you own that is due soon or overdue");
    for (const a of props.accounts) expect(html).toContain(escapeHtml(a.accountName));
    for (const item of items) {
      expect(html).toContain(escapeHtml(item.title));
      expect(html).toContain(dueLabel(item.daysOverdue));
      expect(text).toContain(item.milestoneUrl);
      if (item.doneUrl) expect(text).toContain(item.doneUrl);
    }
    const doneLinks = html.match(/Mark as done/g) ?? [];
    expect(doneLinks).toHaveLength(items.filter((i) => i.doneUrl).length);
  });

  it("keeps the accounts in the order given", async () => {
    const props = NudgeDigest.PreviewProps;
    const { html } = await renderTemplate("nudge_digest", props);
    const positions = props.accounts.map((a) => html.indexOf(escapeHtml(a.accountName)));
    expect([...positions].sort((x, y) => x - y)).toEqual(positions);
  });

  it("counts items and overdue ones in the subject, singular and plural", async () => {
    const subjectOf = async (p: NudgeDigestProps) => (await renderTemplate("nudge_digest", p)).subject;
    expect(await subjectOf(digest(nudgeItem("A", -1, 1)))).toBe("1 step due soon");
    expect(await subjectOf(digest(nudgeItem("A", -1, 1), nudgeItem("B", 0, 2)))).toBe("2 steps due soon");
    expect(await subjectOf(digest(nudgeItem("A", 4, 1)))).toBe("1 step is overdue");
    expect(await subjectOf(digest(nudgeItem("A", 4, 1), nudgeItem("B", 1, 2)))).toBe("2 steps are overdue");
    expect(await subjectOf(digest(nudgeItem("A", 4, 1), nudgeItem("B", 0, 2)))).toBe("2 steps need you: 1 overdue");
  });

  it("escapes markup in titles", async () => {
    const { html, text } = await renderTemplate("nudge_digest", digest(nudgeItem("<script>alert(1)</script>", 2, 1)));
    expect(html).toContain("&lt;script&gt;");
    expect(html).not.toContain("<script>alert");
    expect(text).toContain("<script>alert(1)</script>");
  });
});

function escalationItem(title: string, n: number): EscalationItem {
  return {
    title,
    stageName: "Purchase",
    ownerName: "Daniel Okafor",
    dueOn: "2026-11-18",
    daysOverdue: 12,
    milestoneUrl: `${app}/csm/accounts/57#milestone-${n}`,
  };
}

describe("escalation", () => {
  it("renders its preview props with every link in the text part", async () => {
    const props = Escalation.PreviewProps;
    const { subject, html, text } = await renderTemplate("escalation", props);

    expect(subject).toBe("4 customer steps overdue on 2 accounts");
    expect(html).toContain(`Customer steps overdue by more than ${props.thresholdDays} days`);
    for (const account of props.accounts) {
      expect(html).toContain(escapeHtml(account.accountName));
      expect(text).toContain(account.accountUrl);
      for (const item of account.items) {
        expect(html).toContain(escapeHtml(item.title));
        expect(html).toContain(escapeHtml(item.ownerName));
        expect(html).toContain(dueLabel(item.daysOverdue));
        expect(text).toContain(item.milestoneUrl);
      }
    }
  });

  it("counts steps and accounts in the subject, singular and plural", async () => {
    const one: EscalationProps = {
      ...chrome(),
      thresholdDays: 1,
      accounts: [
        { accountName: "Contoso Health", accountUrl: `${app}/csm/accounts/57`, items: [escalationItem("A", 1)] },
      ],
    };
    const rendered = await renderTemplate("escalation", one);
    expect(rendered.subject).toBe("1 customer step overdue on 1 account");
    expect(rendered.html).toContain("Customer steps overdue by more than 1 day<");

    const two: EscalationProps = {
      ...one,
      accounts: [{ ...one.accounts[0], items: [escalationItem("A", 1), escalationItem("B", 2)] }],
    };
    expect((await renderTemplate("escalation", two)).subject).toBe("2 customer steps overdue on 1 account");
  });

  it("escapes markup in titles", async () => {
    const props: EscalationProps = {
      ...chrome(),
      thresholdDays: 5,
      accounts: [
        {
          accountName: "Contoso Health",
          accountUrl: `${app}/csm/accounts/57`,
          items: [escalationItem("<script>alert(1)</script>", 1)],
        },
      ],
    };
    const { html } = await renderTemplate("escalation", props);
    expect(html).toContain("&lt;script&gt;");
    expect(html).not.toContain("<script>alert");
  });
});

describe("shared wording", () => {
  it("formats calendar days without shifting them across time zones", () => {
    const saved = process.env.TZ;
    try {
      // Either side of UTC by as much as it gets; a Date parsed from "2026-12-01" would move a day in one of them.
      for (const tz of ["UTC", "Pacific/Honolulu", "Pacific/Kiritimati"]) {
        process.env.TZ = tz;
        expect(formatDay("2026-12-01"), tz).toBe("Tue, Dec 1");
        expect(formatDay("2027-01-01"), tz).toBe("Fri, Jan 1");
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
    expect(formatDay("not a date")).toBe("not a date");
  });

  it("labels due dates", () => {
    expect(dueLabel(3)).toBe("Overdue by 3 days");
    expect(dueLabel(1)).toBe("Overdue by 1 day");
    expect(dueLabel(0)).toBe("Due today");
    expect(dueLabel(-1)).toBe("Due tomorrow");
    expect(dueLabel(-2)).toBe("Due in 2 days");
  });
});

describe("sign-in link", () => {
  it("renders its preview props with the link in the text part and no opt-out links", async () => {
    const props = SignInLink.PreviewProps;
    const { subject, html, text } = await renderTemplate("sign_in_link", props);

    expect(subject).toBe("Your sign-in link for Acme Cloud's customer portal");
    expect(html).toContain(`href="${props.signInUrl}"`);
    expect(text).toContain(props.signInUrl);
    expect(text).toContain("The link works once and expires in 15 minutes.");
    expect(text).toContain("nobody can sign in without this link");
    expect(html).toContain(">Sign in<");
    expect(text).toContain(props.reason);
    // Not something one can opt out of: neither unsubscribe nor settings links.
    expect(html).not.toContain("Unsubscribe");
    expect(text).not.toContain("Unsubscribe");
    expect(text).not.toContain("Change which emails you get");
  });

  it("escapes markup in names", async () => {
    const props: SignInLinkProps = {
      ...SignInLink.PreviewProps,
      recipientName: "<b>Priya</b>",
      vendorName: "<b>Acme</b>",
    };
    const { html, text } = await renderTemplate("sign_in_link", props);
    expect(html).toContain("&lt;b&gt;Priya&lt;/b&gt;");
    expect(html).toContain("&lt;b&gt;Acme&lt;/b&gt;");
    expect(html).not.toContain("<b>");
    expect(text).toContain("<b>Priya</b>");
  });
});

function staffInvitation(extra: Partial<InvitationProps> = {}): InvitationProps {
  return {
    ...Invitation.PreviewProps,
    recipientName: "Sam",
    inviterName: "Alex Kim",
    accountName: null,
    roleLabel: "customer success manager",
    reason: "You get this email because Alex Kim invited you to Acme Cloud's team on Waypoint.",
    ...extra,
  };
}

describe("invitation", () => {
  it("names the vendor, the inviter and the account for a contact", async () => {
    const props = Invitation.PreviewProps;
    expect(props.accountName).not.toBeNull();
    const { subject, html, text } = await renderTemplate("invitation", props);

    // Northwind Traders: the possessive of a name ending in s.
    expect(subject).toBe(`${props.inviterName} invited you to Northwind Traders' portal with ${props.vendorName}`);
    expect(text).toContain(invitationIntro(props));
    expect(invitationIntro(props)).toBe(
      `${props.inviterName} from ${props.vendorName} invited you to Northwind Traders' customer portal, ` +
        `where you and ${props.vendorName}'s team follow your onboarding journey together: ` +
        "what is done, what is next, who owns each step and the resources that help.",
    );
    expect(html).toContain(escapeHtml(invitationIntro(props)));
    expect(html).toContain(`href="${props.acceptUrl}"`);
    expect(html).toContain(">Accept the invitation<");
    expect(text).toContain(props.acceptUrl);
    expect(text).toContain(`The link works once and expires in ${props.expiresInDays} days.`);
    expect(text).toContain("A password is optional; you can always sign in with an emailed link.");
    expect(html).not.toContain("Unsubscribe");
    expect(text).not.toContain("Unsubscribe");
    expect(text).not.toContain("Change which emails you get");
  });

  it("words a staff invitation by team and role", async () => {
    const props = staffInvitation({ expiresInDays: 1 });
    const { subject, html, text } = await renderTemplate("invitation", props);

    expect(subject).toBe("Join Acme Cloud's team on Waypoint");
    expect(text).toContain("Alex Kim invited you to join Acme Cloud's team on Waypoint as customer success manager.");
    expect(text).not.toContain("customer portal");
    expect(text).toContain("The link works once and expires in 1 day.");
    expect(text).toContain(props.acceptUrl);
    expect(html).not.toContain("Unsubscribe");
    expect(text).not.toContain("Unsubscribe");
  });

  it("escapes markup in names", async () => {
    for (const accountName of ["<b>Northwind</b>", null]) {
      const props: InvitationProps = { ...staffInvitation({ accountName }), inviterName: "<b>Maya</b>" };
      const { html, text } = await renderTemplate("invitation", props);
      expect(html).toContain("&lt;b&gt;Maya&lt;/b&gt;");
      if (accountName) expect(html).toContain("&lt;b&gt;Northwind&lt;/b&gt;");
      expect(html).not.toContain("<b>");
      expect(text).toContain("<b>Maya</b>");
    }
  });
});
