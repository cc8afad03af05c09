// Owns the email each customer contact gets when their journey enters a stage:
// the per-stage welcome copy and subject, the stage's steps, and where to start.
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

interface StageCopy {
  subject: (p: StageEnteredCustomerProps) => string;
  intro: (p: StageEnteredCustomerProps) => string;
}

// Keyed by lower-cased stage name so a playbook that writes "ONBOARDING" or
// "onboarding" still gets the tailored copy; other stage names fall back below.
const stageCopy: Record<string, StageCopy> = {
  purchase: {
    subject: (p) => `Welcome to ${p.vendorName}, ${p.accountName}`,
    intro: (p) =>
      `Thank you for choosing ${p.vendorName}. This first stretch is about paperwork and people: once the agreement is in place, you will meet the team who will guide your rollout.`,
  },
  onboarding: {
    subject: (p) => `Welcome to Onboarding, ${p.accountName}`,
    intro: () =>
      "Welcome aboard! The next few weeks are about getting you set up: your workspace configured, your tools connected and your admins confident. We work through each step with you, so you are never on your own.",
  },
  adoption: {
    subject: (p) => `Time to put it to work, ${p.accountName}`,
    intro: (p) =>
      `Setup is done, and now the fun part starts: getting your team to use ${p.vendorName} in their everyday work. This stage is about habits and first results, not settings.`,
  },
  retention: {
    subject: (p) => `Keeping things running smoothly for ${p.accountName}`,
    intro: () =>
      "You are up and running. From here on we check in regularly, listen to what is and is not working, and fix small problems before they get in your way.",
  },
  expansion: {
    subject: (p) => `Ready to grow, ${p.accountName}?`,
    intro: (p) =>
      `Your team is getting real value, and that tends to get noticed. This stage is about growing your use of ${p.vendorName} to more teams and more of your work, at a pace that suits you.`,
  },
  advocacy: {
    subject: (p) => `Thank you for the journey so far, ${p.accountName}`,
    intro: () =>
      "You have come a long way with us, and we are grateful. This stage is about looking back on what you achieved and, only if you would like to, sharing your story so others can learn from it.",
  },
};

const fallbackCopy: StageCopy = {
  subject: (p) => `Your journey moves on: ${p.stage.name}`,
  intro: (p) =>
    `Your journey with ${p.vendorName} has moved on to a new stage: ${p.stage.name}. Here is what it is about and what comes first.`,
};

function copyFor(stageName: string): StageCopy {
  return stageCopy[stageName.trim().toLowerCase()] ?? fallbackCopy;
}

/** The opening sentence(s) for this stage; exported so tests can compare stages. */
export function stageIntro(p: StageEnteredCustomerProps): string {
  return copyFor(p.stage.name).intro(p);
}

export function subject(p: StageEnteredCustomerProps): string {
  return copyFor(p.stage.name).subject(p);
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
      <Text style={styles.p}>{stageIntro(props)}</Text>
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
