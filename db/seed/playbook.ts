// Owns the demo playbook so a fresh install shows a complete customer journey before anyone builds their own.
// Kept as plain typed data, apart from the seeding code, so the copy can be edited without touching database logic.

export type ResourceKind = "guide" | "video" | "webinar" | "course";
export type VendorRole = "sales" | "onboarding" | "csm" | "support" | "account_manager";

export interface PlaybookResourceSeed {
  title: string;
  url: string;
  kind: ResourceKind;
  minutes: number;
}

export interface PlaybookMilestoneSeed {
  key: string;
  title: string;
  description: string;
  ownerSide: "customer" | "vendor";
  ownerRole: VendorRole | "customer";
  dueOffsetDays: number;
  /** How the offset counts; calendar days unless said. */
  dueOffsetKind?: "calendar" | "business";
  required: boolean;
  resources: PlaybookResourceSeed[];
}

export interface PlaybookStageSeed {
  name: string;
  description: string;
  milestones: PlaybookMilestoneSeed[];
}

export interface PlaybookSeed {
  name: string;
  description: string;
  stages: PlaybookStageSeed[];
}

export const saasPlaybook: PlaybookSeed = {
  name: "SaaS customer success",
  description:
    "A twelve-month path from signed contract to confident, long-term use, with clear owners on both sides at every step.",
  stages: [
    {
      name: "Purchase",
      description:
        "Make the agreement official and introduce you to the people who will guide your rollout. By the end of this week you will know who does what on both teams.",
      milestones: [
        {
          key: "contract-signed",
          title: "Sign the contract",
          description:
            "Review and countersign the order form and terms. Nothing else can be scheduled until the agreement is in place.",
          ownerSide: "customer",
          ownerRole: "customer",
          dueOffsetDays: 0,
          required: true,
          resources: [
            {
              title: "Understanding your order form",
              url: "https://help.waypoint.example/billing/order-form",
              kind: "guide",
              minutes: 8,
            },
          ],
        },
        {
          key: "sales-handoff",
          title: "Hand off from sales to customer success",
          description:
            "Sales passes your goals, timeline and key contacts to the success team in a written brief. This keeps you from repeating yourself to a new set of people.",
          ownerSide: "vendor",
          ownerRole: "sales",
          dueOffsetDays: 3,
          required: true,
          resources: [
            {
              title: "What happens after you buy",
              url: "https://help.waypoint.example/getting-started/after-purchase",
              kind: "guide",
              minutes: 6,
            },
            {
              title: "Meet your success team",
              url: "https://academy.waypoint.example/videos/meet-your-success-team",
              kind: "video",
              minutes: 5,
            },
          ],
        },
        {
          key: "project-team-named",
          title: "Name your project team",
          description:
            "Choose an internal project lead, an IT contact and an executive sponsor. Having named owners early keeps decisions moving during setup.",
          ownerSide: "customer",
          ownerRole: "customer",
          dueOffsetDays: 6,
          required: true,
          resources: [
            {
              title: "Building a rollout team that works",
              url: "https://help.waypoint.example/getting-started/project-team",
              kind: "guide",
              minutes: 10,
            },
          ],
        },
      ],
    },
    {
      name: "Onboarding",
      description:
        "Get your workspace configured, connected and ready for your team. Our onboarding specialist will work alongside you until your admins can run it on their own.",
      milestones: [
        {
          key: "kickoff-call",
          title: "Hold the kickoff call",
          description:
            "Walk through your goals, agree the rollout plan and set dates for each onboarding step. A shared plan from day one prevents surprises later.",
          ownerSide: "vendor",
          ownerRole: "onboarding",
          dueOffsetDays: 9,
          required: true,
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
          ],
        },
        {
          key: "account-setup-sso",
          title: "Set up your account and single sign-on",
          description:
            "Create your workspace, invite admins and connect your identity provider for SSO. Secure sign-in has to work before the wider team is invited.",
          ownerSide: "customer",
          ownerRole: "customer",
          dueOffsetDays: 14,
          required: true,
          resources: [
            {
              title: "Configuring SAML single sign-on",
              url: "https://help.waypoint.example/admin/sso-saml",
              kind: "guide",
              minutes: 20,
            },
            {
              title: "Workspace settings explained",
              url: "https://help.waypoint.example/admin/workspace-settings",
              kind: "guide",
              minutes: 12,
            },
          ],
        },
        {
          key: "data-integration",
          title: "Connect your data sources",
          description:
            "Link your CRM and other core systems, then confirm that records sync correctly. Accurate data is what makes every report and alert trustworthy.",
          ownerSide: "customer",
          ownerRole: "customer",
          dueOffsetDays: 24,
          required: true,
          resources: [
            {
              title: "Integrations overview",
              url: "https://help.waypoint.example/integrations/overview",
              kind: "guide",
              minutes: 15,
            },
            {
              title: "Mapping fields during your first sync",
              url: "https://academy.waypoint.example/videos/first-sync-field-mapping",
              kind: "video",
              minutes: 18,
            },
          ],
        },
        {
          key: "admin-training",
          title: "Train your administrators",
          description:
            "A live session that teaches your admins to manage users, permissions and integrations. Confident admins mean fewer delays once the whole team is on board.",
          ownerSide: "vendor",
          ownerRole: "onboarding",
          dueOffsetDays: 32,
          required: true,
          resources: [
            {
              title: "Waypoint administrator certification",
              url: "https://academy.waypoint.example/courses/admin-certification",
              kind: "course",
              minutes: 90,
            },
            {
              title: "Admin essentials live session",
              url: "https://academy.waypoint.example/webinars/admin-essentials",
              kind: "webinar",
              minutes: 60,
            },
          ],
        },
      ],
    },
    {
      name: "Adoption",
      description:
        "Turn setup into everyday use across your team. The aim is to reach your first real result with Waypoint, not just to log in.",
      milestones: [
        {
          key: "first-key-feature",
          title: "Use your first key feature",
          description:
            "Run your first live workflow with the feature that matters most to your goals. Early hands-on use shows quickly what works for your team and what needs adjusting.",
          ownerSide: "customer",
          ownerRole: "customer",
          dueOffsetDays: 45,
          required: true,
          resources: [
            {
              title: "Building your first workflow",
              url: "https://academy.waypoint.example/videos/first-workflow",
              kind: "video",
              minutes: 14,
            },
            {
              title: "Core features at a glance",
              url: "https://help.waypoint.example/features/core-overview",
              kind: "guide",
              minutes: 10,
            },
          ],
        },
        {
          key: "usage-review",
          title: "Review early usage",
          description:
            "Your customer success manager looks at who is active and where people get stuck, then suggests fixes. Catching low usage early is far easier than reviving it later.",
          ownerSide: "vendor",
          ownerRole: "csm",
          dueOffsetDays: 60,
          required: true,
          resources: [
            {
              title: "Reading your usage dashboard",
              url: "https://help.waypoint.example/reports/usage-dashboard",
              kind: "guide",
              minutes: 9,
            },
          ],
        },
        {
          key: "team-rollout",
          title: "Invite the wider team",
          description:
            "Extend access beyond the pilot group to other departments that can benefit. This is optional, but broader use usually brings results sooner.",
          ownerSide: "customer",
          ownerRole: "customer",
          dueOffsetDays: 70,
          required: false,
          resources: [
            {
              title: "Rolling out to new teams",
              url: "https://help.waypoint.example/admin/team-rollout",
              kind: "guide",
              minutes: 11,
            },
            {
              title: "End-user fundamentals",
              url: "https://academy.waypoint.example/courses/end-user-fundamentals",
              kind: "course",
              minutes: 45,
            },
          ],
        },
        {
          key: "first-success-goal",
          title: "Reach your first success goal",
          description:
            "Hit the first measurable goal agreed at kickoff and record the result. It proves the investment is paying off and sets the baseline for future reviews.",
          ownerSide: "customer",
          ownerRole: "customer",
          dueOffsetDays: 85,
          required: true,
          resources: [
            {
              title: "Tracking goals in Waypoint",
              url: "https://help.waypoint.example/goals/tracking",
              kind: "guide",
              minutes: 8,
            },
          ],
        },
      ],
    },
    {
      name: "Retention",
      description:
        "Keep the value growing month after month with regular check-ins and honest feedback. We want to spot problems before they cost you time.",
      milestones: [
        {
          key: "health-check",
          title: "Run an account health check",
          description:
            "Review usage, open issues and progress toward goals, and agree on any corrective steps. A regular check keeps small problems from becoming reasons to leave.",
          ownerSide: "vendor",
          ownerRole: "csm",
          dueOffsetDays: 120,
          required: true,
          resources: [
            {
              title: "What your health score means",
              url: "https://help.waypoint.example/success/health-score",
              kind: "guide",
              minutes: 7,
            },
          ],
        },
        {
          key: "support-review",
          title: "Review support history",
          description:
            "The support team summarizes your tickets so far and flags recurring issues worth fixing at the root. Fewer repeat problems means less time lost for your users.",
          ownerSide: "vendor",
          ownerRole: "support",
          dueOffsetDays: 160,
          required: false,
          resources: [
            {
              title: "Getting the most from Waypoint support",
              url: "https://help.waypoint.example/support/how-to-get-help",
              kind: "guide",
              minutes: 6,
            },
            {
              title: "Self-service troubleshooting tips",
              url: "https://academy.waypoint.example/videos/troubleshooting-tips",
              kind: "video",
              minutes: 15,
            },
          ],
        },
        {
          key: "quarterly-business-review",
          title: "Hold a quarterly business review",
          description:
            "Meet with your sponsor to compare results against goals and set priorities for the next quarter. It keeps leadership informed and the plan current.",
          ownerSide: "vendor",
          ownerRole: "csm",
          dueOffsetDays: 190,
          required: true,
          resources: [
            {
              title: "Preparing for your QBR",
              url: "https://help.waypoint.example/success/qbr-prep",
              kind: "guide",
              minutes: 10,
            },
            {
              title: "Turning metrics into a business case",
              url: "https://academy.waypoint.example/webinars/metrics-to-business-case",
              kind: "webinar",
              minutes: 50,
            },
          ],
        },
        {
          key: "satisfaction-survey",
          title: "Complete the satisfaction survey",
          description:
            "Answer a short survey on how Waypoint and our team are working for you. Your answers shape what we improve next.",
          ownerSide: "customer",
          ownerRole: "customer",
          dueOffsetDays: 250,
          required: true,
          resources: [
            {
              title: "How we use your feedback",
              url: "https://help.waypoint.example/success/feedback",
              kind: "guide",
              minutes: 5,
            },
          ],
        },
      ],
    },
    {
      name: "Expansion",
      description:
        "Decide together what the next year should look like, from renewing your plan to adding teams or capabilities. Any growth should follow from results you have already seen.",
      milestones: [
        {
          key: "expansion-review",
          title: "Review upsell and expansion options",
          description:
            "Your account manager maps unmet needs to additional seats, modules or teams. Growing only where there is proven value keeps spending justified.",
          ownerSide: "vendor",
          ownerRole: "account_manager",
          dueOffsetDays: 310,
          required: true,
          resources: [
            {
              title: "Plans and add-ons compared",
              url: "https://help.waypoint.example/billing/plans-and-add-ons",
              kind: "guide",
              minutes: 9,
            },
          ],
        },
        {
          key: "renewal-proposal",
          title: "Send the renewal proposal",
          description:
            "Share renewal terms that reflect your current usage and any agreed changes. Sending it well ahead of the end date leaves time for approvals.",
          ownerSide: "vendor",
          ownerRole: "account_manager",
          dueOffsetDays: 330,
          required: true,
          resources: [
            {
              title: "How renewals work",
              url: "https://help.waypoint.example/billing/renewals",
              kind: "guide",
              minutes: 7,
            },
          ],
        },
        {
          key: "renewal-signed",
          title: "Sign the renewal",
          description:
            "Approve and sign the renewal before your current term ends. Renewing on time avoids any break in service or access.",
          ownerSide: "customer",
          ownerRole: "customer",
          dueOffsetDays: 350,
          required: true,
          resources: [
            {
              title: "Renewal checklist for buyers",
              url: "https://help.waypoint.example/billing/renewal-checklist",
              kind: "guide",
              minutes: 6,
            },
            {
              title: "Planning your second year",
              url: "https://academy.waypoint.example/webinars/planning-year-two",
              kind: "webinar",
              minutes: 45,
            },
          ],
        },
      ],
    },
    {
      name: "Advocacy",
      description:
        "Look back on what your team has achieved and, if you are happy, help others learn from it. Sharing your story also gives you a say in where Waypoint goes next.",
      milestones: [
        {
          key: "year-one-review",
          title: "Hold the year-one review",
          description:
            "Look back at the full year of results and agree on goals for the year ahead. It closes the first cycle and sets up the next one.",
          ownerSide: "vendor",
          ownerRole: "csm",
          dueOffsetDays: 365,
          required: true,
          resources: [
            {
              title: "Measuring a year of impact",
              url: "https://help.waypoint.example/success/year-one-review",
              kind: "guide",
              minutes: 10,
            },
          ],
        },
        {
          key: "join-community",
          title: "Join the customer community",
          description:
            "Sign up for the community forum and user group to swap tips with other teams. Learning from peers is one of the quickest ways to find new uses.",
          ownerSide: "customer",
          ownerRole: "customer",
          dueOffsetDays: 380,
          required: true,
          resources: [
            {
              title: "Getting started in the community",
              url: "https://help.waypoint.example/community/getting-started",
              kind: "guide",
              minutes: 5,
            },
            {
              title: "Customer roundtable sessions",
              url: "https://academy.waypoint.example/webinars/customer-roundtable",
              kind: "webinar",
              minutes: 60,
            },
          ],
        },
        {
          key: "case-study-or-referral",
          title: "Share a case study or referral",
          description:
            "Tell your story in a short case study or introduce a peer who could benefit. This is optional, and it helps other teams make a confident decision.",
          ownerSide: "customer",
          ownerRole: "customer",
          dueOffsetDays: 405,
          required: false,
          resources: [
            {
              title: "How our case study process works",
              url: "https://help.waypoint.example/advocacy/case-studies",
              kind: "guide",
              minutes: 6,
            },
            {
              title: "Referral program details",
              url: "https://help.waypoint.example/advocacy/referrals",
              kind: "guide",
              minutes: 5,
            },
          ],
        },
      ],
    },
  ],
};
