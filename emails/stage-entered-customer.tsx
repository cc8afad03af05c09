// Owns the email each customer contact gets when their journey enters a stage:
// the stage's subject and welcome words (from the journey's playbook version, or
// generic ones), the stage's steps, and where to start.
import { Text } from "@react-email/components";
import {
  AccentLink,
  Callout,
  EmailLayout,
  Greeting,
  LinkedItem,
  MilestoneList,
  PrimaryButton,
  Subtitle,
  styles,
  Title,
} from "./components/layout";
import type { ResourceLine, StageEnteredCustomerProps } from "./components/props";
import { fillStageCopy, GENERIC_STAGE_COPY, introParagraphs, type StageCopy } from "./stage-copy";

function copyOf(p: StageEnteredCustomerProps): StageCopy {
  return p.copy ?? GENERIC_STAGE_COPY;
}

function fill(text: string, p: StageEnteredCustomerProps): string {
  return fillStageCopy(text, { account: p.accountName, vendor: p.vendorName, stage: p.stage.name });
}

/** The opening words for this stage, placeholders filled; exported so tests can compare stages. */
export function stageIntro(p: StageEnteredCustomerProps): string {
  return fill(copyOf(p).intro, p);
}

export function subject(p: StageEnteredCustomerProps): string {
  return fill(copyOf(p).subject, p);
}

const kindLabel: Record<ResourceLine["kind"], string> = {
  guide: "Guide",
  video: "Video",
  webinar: "Webinar",
  course: "Course",
};

export default function StageEnteredCustomer(props: StageEnteredCustomerProps) {
  const { stage, milestones, resources } = props;
  return (
    <EmailLayout chrome={props} preview={`${props.accountName}: ${stage.name}, step ${stage.number} of ${stage.total}`}>
      {/* One string, not JSX text with holes, so the HTML carries "Step 2 of 6" verbatim. */}
      <Text style={styles.eyebrow}>{`Step ${stage.number} of ${stage.total}`}</Text>
      <Title>{stage.name}</Title>
      <Greeting name={props.recipientName} />
      {introParagraphs(stageIntro(props)).map((paragraph, i) => (
        <Text key={i} style={styles.p}>
          {paragraph}
        </Text>
      ))}
      <Callout>{stage.description}</Callout>

      {milestones.length > 0 ? <MilestoneList heading="What happens in this stage" milestones={milestones} /> : null}

      {resources.length > 0 ? (
        <>
          <Subtitle>Resources to start with</Subtitle>
          {resources.map((r, i) => (
            <LinkedItem key={i} href={r.url} title={r.title}>
              {`${kindLabel[r.kind] ?? r.kind} · ${r.minutes} min`}
            </LinkedItem>
          ))}
        </>
      ) : null}

      <PrimaryButton href={props.journeyUrl}>Open your journey</PrimaryButton>

      {props.survey ? (
        <>
          <Subtitle>{`How did ${props.survey.stageName} go?`}</Subtitle>
          <Text style={styles.p}>
            {"Pick a score from 1 (very badly) to 5 (very well). "}
            {props.survey.scoreUrls.map((url, i) => (
              <span key={url}>
                {i > 0 ? " · " : ""}
                <AccentLink href={url}>{String(i + 1)}</AccentLink>
              </span>
            ))}
          </Text>
        </>
      ) : null}
    </EmailLayout>
  );
}

const previewProps: StageEnteredCustomerProps = {
  productName: "Waypoint",
  vendorName: "Acme Cloud",
  recipientName: "Priya",
  reason: "You get this email because you are a contact on the Northwind Traders journey with Acme Cloud.",
  settingsUrl: "http://localhost:3000/settings/notifications",
  unsubscribeUrl: "http://localhost:3000/email/unsubscribe?token=preview-stage-entered",
  accountName: "Northwind Traders",
  copy: {
    subject: "Welcome to {stage}, {account}",
    intro:
      "Welcome aboard! The next few weeks are about getting you set up: your workspace configured, your tools connected and your admins confident. We work through each step with you, so you are never on your own.",
  },
  stage: {
    name: "Onboarding",
    description:
      "Get your workspace configured, connected and ready for your team. Our onboarding specialist will work alongside you until your admins can run it on their own.",
    number: 2,
    total: 6,
  },
  milestones: [
    {
      title: "Hold the kickoff call",
      ownerLabel: "Sam Ortiz · Onboarding specialist",
      dueOn: "2026-12-01",
      required: true,
    },
    { title: "Set up your account and single sign-on", ownerLabel: "Your team", dueOn: "2026-12-04", required: true },
    { title: "Connect your data sources", ownerLabel: "You", dueOn: "2026-12-14", required: true },
    { title: "Import historical records", ownerLabel: "Your team", dueOn: "2026-12-18", required: false },
  ],
  resources: [
    {
      title: "Preparing for your kickoff call",
      url: "https://help.waypoint.example/onboarding/kickoff-prep",
      kind: "guide",
      minutes: 7,
    },
    {
      title: "Kickoff agenda walkthrough",
      url: "https://academy.waypoint.example/videos/kickoff-agenda",
      kind: "video",
      minutes: 12,
    },
    {
      title: "Configuring SAML single sign-on",
      url: "https://help.waypoint.example/admin/sso-saml",
      kind: "guide",
      minutes: 20,
    },
  ],
  journeyUrl: "http://localhost:3000/journey",
};

StageEnteredCustomer.PreviewProps = previewProps;
