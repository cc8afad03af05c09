// Owns the reminder digest: one email per person listing every step they own
// that is due soon or overdue, grouped by account in the order it is given.
import { Section, Text } from "@react-email/components";
import {
  AccentLink,
  dueLabel,
  EmailLayout,
  formatDay,
  Greeting,
  LinkedItem,
  plural,
  Subtitle,
  styles,
  Title,
} from "./components/layout";
import type { NudgeDigestProps } from "./components/props";

function counts(p: NudgeDigestProps): { total: number; overdue: number } {
  let total = 0;
  let overdue = 0;
  for (const account of p.accounts) {
    for (const item of account.items) {
      total += 1;
      if (item.daysOverdue > 0) overdue += 1;
    }
  }
  return { total, overdue };
}

export function subject(p: NudgeDigestProps): string {
  const { total, overdue } = counts(p);
  if (overdue === 0) return `${plural(total, "step", "steps")} due soon`;
  // "2 steps need you: 2 overdue" says the same thing twice.
  if (overdue === total) return `${plural(total, "step is", "steps are")} overdue`;
  return `${plural(total, "step needs", "steps need")} you: ${overdue} overdue`;
}

export default function NudgeDigest(props: NudgeDigestProps) {
  return (
    <EmailLayout chrome={props} preview={subject(props)}>
      <Title>Your steps due soon</Title>
      <Greeting name={props.recipientName} />
      <Text style={styles.p}>
        {props.askedBy
          ? `${props.askedBy} asked us to remind you about this step.`
          : "Here is what you own that is due soon or overdue."}
      </Text>
      {props.accounts.map((account, a) => (
        <Section key={a}>
          <Subtitle>{account.accountName}</Subtitle>
          {account.items.map((item, i) => (
            <LinkedItem key={i} href={item.milestoneUrl} title={item.title}>
              {`${item.stageName} · `}
              <span style={item.daysOverdue > 0 ? styles.overdue : undefined}>{dueLabel(item.daysOverdue)}</span>
              {` (${formatDay(item.dueOn)})`}
              {item.doneUrl ? (
                <>
                  {" · "}
                  <AccentLink href={item.doneUrl} small>
                    Mark as done
                  </AccentLink>
                </>
              ) : null}
            </LinkedItem>
          ))}
        </Section>
      ))}
    </EmailLayout>
  );
}

const previewProps: NudgeDigestProps = {
  productName: "Waypoint",
  vendorName: "Acme Cloud",
  recipientName: "Sam",
  reason: "You get this because you own these steps. We send at most one reminder a day, only in your working hours.",
  settingsUrl: "http://localhost:3000/settings/notifications",
  unsubscribeUrl: "http://localhost:3000/email/unsubscribe?token=preview-nudge",
  accounts: [
    {
      accountName: "Northwind Traders",
      items: [
        {
          title: "Train your administrators",
          stageName: "Onboarding",
          dueOn: "2026-11-27",
          daysOverdue: 3,
          milestoneUrl: "http://localhost:3000/csm/accounts/42#milestone-m-101",
          doneUrl: "http://localhost:3000/email/done?token=preview1-m-101",
        },
        {
          title: "Confirm the first data sync",
          stageName: "Onboarding",
          dueOn: "2026-12-01",
          daysOverdue: -1,
          milestoneUrl: "http://localhost:3000/csm/accounts/42#milestone-m-102",
          doneUrl: null,
        },
      ],
    },
    {
      accountName: "Contoso Health",
      items: [
        {
          title: "Hold the kickoff call",
          stageName: "Onboarding",
          dueOn: "2026-11-30",
          daysOverdue: 0,
          milestoneUrl: "http://localhost:3000/csm/accounts/57#milestone-m-201",
          doneUrl: "http://localhost:3000/email/done?token=preview2-m-201",
        },
      ],
    },
  ],
};

NudgeDigest.PreviewProps = previewProps;
