// Owns the comment digest: one email per person with the new comments on steps they own,
// on their accounts' steps, or where they were mentioned, grouped by account and step.
import { Section, Text } from "@react-email/components";
import { AccentLink, Callout, EmailLayout, Greeting, plural, Subtitle, styles, Title } from "./components/layout";
import type { CommentDigestProps } from "./components/props";

function allComments(p: CommentDigestProps) {
  return p.accounts.flatMap((a) => a.milestones.flatMap((m) => m.comments.map((c) => ({ ...c, step: m.title }))));
}

export function subject(p: CommentDigestProps): string {
  const comments = allComments(p);
  if (comments.length === 1) {
    const [c] = comments;
    return `${c.authorName ?? "Someone"} commented on "${c.step}"`;
  }
  return `${plural(comments.length, "new comment", "new comments")} on your steps`;
}

export default function CommentDigest(props: CommentDigestProps) {
  return (
    <EmailLayout chrome={props} preview={subject(props)}>
      <Title>New comments</Title>
      <Greeting name={props.recipientName} />
      <Text style={styles.p}>People added comments on these steps.</Text>
      {props.accounts.map((account, a) => (
        <Section key={a}>
          <Subtitle>{account.accountName}</Subtitle>
          {account.milestones.map((m, i) => (
            <Section key={i} style={styles.item}>
              <Text style={styles.itemTitle}>
                {m.milestoneUrl ? <AccentLink href={m.milestoneUrl}>{m.title}</AccentLink> : m.title}
              </Text>
              {m.comments.map((c, j) => (
                <Section key={j}>
                  <Text style={styles.itemMeta}>{`${c.authorName ?? "A former user"} · ${c.when} · ${c.why}`}</Text>
                  <Callout>{c.body}</Callout>
                </Section>
              ))}
            </Section>
          ))}
        </Section>
      ))}
    </EmailLayout>
  );
}

const previewProps: CommentDigestProps = {
  productName: "Waypoint",
  vendorName: "Acme Cloud",
  recipientName: "Maya",
  reason:
    "You get this because these comments are on steps you own or your accounts' steps, or mention you. We send at most one a day, only in your working hours.",
  settingsUrl: "http://localhost:3000/settings/notifications",
  unsubscribeUrl: "http://localhost:3000/email/unsubscribe?token=preview-comments",
  accounts: [
    {
      accountName: "Northwind Traders",
      milestones: [
        {
          title: "Set up single sign-on",
          milestoneUrl: "http://localhost:3000/csm/accounts/42#milestone-m-101",
          comments: [
            {
              authorName: "Ana Lopez",
              body: "Our IT team needs the SAML metadata before Friday. @maya@waypoint.example can you send it?",
              when: "10 Mar 2026, 14:05",
              why: "You were mentioned",
            },
            {
              authorName: "Ben Ortiz",
              body: "Adding: we use Okta.",
              when: "10 Mar 2026, 15:20",
              why: "You are the CSM",
            },
          ],
        },
      ],
    },
  ],
};

CommentDigest.PreviewProps = previewProps;
