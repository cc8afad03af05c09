// Owns the short internal email to an account's CSM when its journey enters a
// stage: where it came from, how long the last stage took, and what is next.
import { Text } from "@react-email/components";
import { EmailLayout, Greeting, MilestoneList, PrimaryButton, plural, styles, Title } from "./components/layout";
import type { StageEnteredCsmProps } from "./components/props";

export function subject(p: StageEnteredCsmProps): string {
  return `${p.accountName} moved to ${p.toStage}`;
}

export default function StageEnteredCsm(props: StageEnteredCsmProps) {
  const { fromStage, toStage, daysInLastStage, nextSteps } = props;
  return (
    <EmailLayout chrome={props} preview={subject(props)}>
      <Text style={styles.eyebrow}>{props.accountName}</Text>
      <Title>{`${fromStage} → ${toStage}`}</Title>
      <Greeting name={props.recipientName} />
      <Text style={styles.p}>
        {`${props.accountName} moved from ${fromStage} to ${toStage}.`}
        {` ${fromStage} took ${plural(daysInLastStage, "day", "days")}.`}
      </Text>

      {nextSteps.length > 0 ? (
        <MilestoneList heading="Next steps" milestones={nextSteps} />
      ) : (
        <Text style={styles.p}>No open steps in {toStage} yet.</Text>
      )}

      <PrimaryButton href={props.accountUrl}>Open the account</PrimaryButton>
    </EmailLayout>
  );
}

const previewProps: StageEnteredCsmProps = {
  productName: "Waypoint",
  vendorName: "Acme Cloud",
  recipientName: "Maya",
  reason: "You get this email because you are the customer success manager for Northwind Traders.",
  settingsUrl: "http://localhost:3000/settings/notifications",
  unsubscribeUrl: "http://localhost:3000/email/unsubscribe?token=preview-stage-csm",
  accountName: "Northwind Traders",
  fromStage: "Onboarding",
  toStage: "Adoption",
  daysInLastStage: 34,
  nextSteps: [
    { title: "Launch your first workflow", ownerLabel: "Priya Raman (customer)", dueOn: "2027-01-12", required: true },
    {
      title: "Review adoption and usage",
      ownerLabel: "Maya Chen · Customer success manager",
      dueOn: "2027-01-19",
      required: true,
    },
    { title: "Roll out to more teams", ownerLabel: "The customer", dueOn: "2027-02-02", required: false },
  ],
  accountUrl: "http://localhost:3000/csm/accounts/42",
};

StageEnteredCsm.PreviewProps = previewProps;
