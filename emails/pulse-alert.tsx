// Owns the alert a CSM gets when a customer's survey answer is low: a stage
// scored 2 or less, or an NPS of 6 or less. One answer, one email.
import { Text } from "@react-email/components";
import { Callout, EmailLayout, Greeting, PrimaryButton, styles, Title } from "./components/layout";
import type { PulseAlertProps } from "./components/props";

function answerLine(p: PulseAlertProps): string {
  if (p.question === "nps") return `${p.score} out of 10 on how likely they are to recommend you`;
  return `${p.score} out of 5 for ${p.stageName}${p.feeling ? `, feeling ${p.feeling}` : ""}`;
}

export function subject(p: PulseAlertProps): string {
  return p.question === "nps"
    ? `${p.respondentName} at ${p.accountName} gave an NPS of ${p.score}`
    : `${p.respondentName} at ${p.accountName} rated ${p.stageName} ${p.score} out of 5`;
}

export default function PulseAlert(props: PulseAlertProps) {
  return (
    <EmailLayout chrome={props} preview={subject(props)}>
      <Title>A customer is not happy</Title>
      <Greeting name={props.recipientName} />
      <Text style={styles.p}>{`${props.respondentName} at ${props.accountName} answered ${answerLine(props)}.`}</Text>
      {props.comment ? <Callout>{`"${props.comment}"`}</Callout> : null}
      <Text style={styles.p}>A call soon after a low answer is the best chance to learn what went wrong.</Text>
      <PrimaryButton href={props.accountUrl}>Open the account</PrimaryButton>
    </EmailLayout>
  );
}

const previewProps: PulseAlertProps = {
  productName: "Waypoint",
  vendorName: "Acme Cloud",
  recipientName: "Diego",
  reason: "You get this email because you are the customer success manager for this account.",
  settingsUrl: "http://localhost:3000/settings/notifications",
  unsubscribeUrl: "http://localhost:3000/email/unsubscribe?token=preview-pulse-alert",
  accountName: "Globex Logistics",
  respondentName: "Frank Miller",
  question: "stage",
  stageName: "Onboarding",
  score: 2,
  feeling: "frustrated",
  comment: "The data import took three tries and nobody told us why.",
  accountUrl: "http://localhost:3000/csm/accounts/42",
};

PulseAlert.PreviewProps = previewProps;
