// Owns the email with a one-time sign-in link someone asked for. It cannot be
// opted out of, so the footer carries only the reason, no settings or unsubscribe link.
import { Text } from "@react-email/components";
import { EmailLayout, Greeting, PrimaryButton, plural, styles, Title } from "./components/layout";
import type { SignInLinkProps } from "./components/props";

export function subject(p: SignInLinkProps): string {
  return `Your sign-in link for ${p.vendorName}'s customer portal`;
}

export default function SignInLink(props: SignInLinkProps) {
  return (
    <EmailLayout chrome={props} preview={subject(props)}>
      <Title>{`Sign in to ${props.vendorName}'s customer portal`}</Title>
      <Greeting name={props.recipientName} />
      <Text style={styles.p}>
        {`Click the button to sign in. The link works once and expires in ${plural(props.expiresInMinutes, "minute", "minutes")}.`}
      </Text>
      <PrimaryButton href={props.signInUrl}>Sign in</PrimaryButton>
      <Text style={styles.p}>
        If you did not ask for this, you can ignore this email; nobody can sign in without this link.
      </Text>
    </EmailLayout>
  );
}

const previewProps: SignInLinkProps = {
  productName: "Waypoint",
  vendorName: "Acme Cloud",
  recipientName: "Priya",
  signInUrl: "http://localhost:3000/login/link?token=sample",
  expiresInMinutes: 15,
  reason: "Someone (hopefully you) asked to sign in to Acme Cloud's customer portal with this email address.",
};

SignInLink.PreviewProps = previewProps;
