// Owns the invitation to the portal: a CSM inviting a customer contact to their
// account's portal, or an admin inviting a colleague to the vendor's team.
// It cannot be opted out of, so the footer carries only the reason.
import { Text } from "@react-email/components";
import { EmailLayout, Greeting, PrimaryButton, plural, possessive, styles, Title } from "./components/layout";
import type { InvitationProps } from "./components/props";

export function subject(p: InvitationProps): string {
  return p.accountName === null
    ? `Join ${possessive(p.vendorName)} team on ${p.productName}`
    : `${p.inviterName} invited you to ${possessive(p.accountName!)} portal with ${p.vendorName}`;
}

/** The sentence that says who invited them and what the portal is for. */
export function invitationIntro(p: InvitationProps): string {
  return p.accountName === null
    ? `${p.inviterName} invited you to join ${possessive(p.vendorName)} team on ${p.productName} as ${p.roleLabel}.`
    : `${p.inviterName} from ${p.vendorName} invited you to ${possessive(p.accountName!)} customer portal, ` +
        `where you and ${possessive(p.vendorName)} team follow your onboarding journey together: ` +
        `what is done, what is next, who owns each step and the resources that help.`;
}

export default function Invitation(props: InvitationProps) {
  return (
    <EmailLayout chrome={props} preview={subject(props)}>
      <Title>
        {props.accountName === null
          ? `Join ${possessive(props.vendorName)} team`
          : `Join ${props.accountName} on ${props.productName}`}
      </Title>
      <Greeting name={props.recipientName} />
      <Text style={styles.p}>{invitationIntro(props)}</Text>
      <PrimaryButton href={props.acceptUrl}>Accept the invitation</PrimaryButton>
      <Text style={styles.p}>
        {`The link works once and expires in ${plural(props.expiresInDays, "day", "days")}. ` +
          "A password is optional; you can always sign in with an emailed link."}
      </Text>
    </EmailLayout>
  );
}

const previewProps: InvitationProps = {
  productName: "Waypoint",
  vendorName: "Acme Cloud",
  recipientName: "Priya",
  inviterName: "Maya Chen",
  accountName: "Northwind Traders",
  roleLabel: "customer contact",
  acceptUrl: "http://localhost:3000/invite/accept?token=sample",
  expiresInDays: 7,
  reason: "You get this email because Maya Chen at Acme Cloud invited you to Northwind Traders' customer portal.",
};

Invitation.PreviewProps = previewProps;
