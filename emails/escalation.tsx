// Owns the escalation email to a CSM: customer-owned steps that slipped past
// the overdue threshold, grouped by account so each account is one follow-up.
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
import type { EscalationProps } from "./components/props";

export function subject(p: EscalationProps): string {
  const items = p.accounts.reduce((n, a) => n + a.items.length, 0);
  return `${plural(items, "customer step", "customer steps")} overdue on ${plural(p.accounts.length, "account", "accounts")}`;
}

export default function Escalation(props: EscalationProps) {
  const threshold = plural(props.thresholdDays, "day", "days");
  return (
    <EmailLayout chrome={props} preview={subject(props)}>
      <Title>{`Customer steps overdue by more than ${threshold}`}</Title>
      <Greeting name={props.recipientName} />
      <Text style={styles.p}>
        {`These steps are owned by your customers and are now more than ${threshold} late. A short check-in usually finds what is in the way.`}
      </Text>
      {props.accounts.map((account, a) => (
        <Section key={a}>
          <Subtitle>
            <AccentLink href={account.accountUrl}>{account.accountName}</AccentLink>
          </Subtitle>
          {account.items.map((item, i) => (
            <LinkedItem key={i} href={item.milestoneUrl} title={item.title}>
              {`${item.ownerName} · ${item.stageName} · `}
              <span style={styles.overdue}>{dueLabel(item.daysOverdue)}</span>
              {` (was due ${formatDay(item.dueOn)})`}
            </LinkedItem>
          ))}
        </Section>
      ))}
    </EmailLayout>
  );
}

const previewProps: EscalationProps = {
  productName: "Waypoint",
  vendorName: "Acme Cloud",
  recipientName: "Maya",
  reason: "You get this email because you are the customer success manager for these accounts.",
  settingsUrl: "http://localhost:3000/settings/notifications",
  unsubscribeUrl: "http://localhost:3000/email/unsubscribe?token=preview-escalation",
  thresholdDays: 7,
  accounts: [
    {
      accountName: "Northwind Traders",
      accountUrl: "http://localhost:3000/csm/accounts/42",
      items: [
        {
          title: "Set up your account and single sign-on",
          stageName: "Onboarding",
          ownerName: "Priya Raman",
          dueOn: "2026-11-16",
          daysOverdue: 14,
          milestoneUrl: "http://localhost:3000/csm/accounts/42#milestone-m-102",
        },
        {
          title: "Connect your data sources",
          stageName: "Onboarding",
          ownerName: "Priya Raman",
          dueOn: "2026-11-21",
          daysOverdue: 9,
          milestoneUrl: "http://localhost:3000/csm/accounts/42#milestone-m-103",
        },
      ],
    },
    {
      accountName: "Contoso Health",
      accountUrl: "http://localhost:3000/csm/accounts/57",
      items: [
        {
          title: "Sign the contract",
          stageName: "Purchase",
          ownerName: "Daniel Okafor",
          dueOn: "2026-11-18",
          daysOverdue: 12,
          milestoneUrl: "http://localhost:3000/csm/accounts/57#milestone-m-201",
        },
        {
          title: "Name your project team",
          stageName: "Purchase",
          ownerName: "Daniel Okafor",
          dueOn: "2026-11-22",
          daysOverdue: 8,
          milestoneUrl: "http://localhost:3000/csm/accounts/57#milestone-m-202",
        },
      ],
    },
  ],
};

Escalation.PreviewProps = previewProps;
