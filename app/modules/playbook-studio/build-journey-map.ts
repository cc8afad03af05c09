// The journey map of one playbook document (issue 11 §6): stages as columns with
// their goal, measure and expected days; milestones in swimlanes by owner (the
// customer first, then each vendor function); and each stage's touchpoints: the
// emails that go out, the reminders on its milestones, and its resources.
// Everything is keyed by the playbook's stable keys, so live figures (how many
// journeys sit in a stage, how late a milestone runs) can be laid over it by key.
import { fillStageCopy, GENERIC_STAGE_COPY } from "#emails/stage-copy";
import { roleLabel } from "~/modules/playbooks/owner-label";
import {
  type PlaybookDocument,
  type PlaybookMilestone,
  VENDOR_ROLES,
  type VendorRole,
} from "~/modules/playbooks/playbook-document";

export type LaneKey = "customer" | VendorRole;

export interface MapLane {
  key: LaneKey;
  label: string;
}

const CUSTOMER_ROLE_LABELS: Record<string, string> = {
  champion: "Champion",
  admin: "Admin",
  executive_sponsor: "Executive sponsor",
  end_user: "End user",
};

/** The lanes in the map's order: the customer's side first, then each vendor function. */
export const ALL_LANES: MapLane[] = [
  { key: "customer", label: "Customer" },
  ...VENDOR_ROLES.map((r) => ({ key: r, label: roleLabel("vendor", r) })),
];

/** How the owner is reminded of a milestone: the nudge sweep's rules, as this milestone meets them. */
export interface ReminderPlan {
  /** Reminders start this many days before the due day. */
  fromDaysBefore: number;
  /** A required step is reminded until done; an optional one only up to its due day. */
  until: "done" | "due_day";
  /** The same step is not reminded again within this many days. */
  everyDays: number;
  /** A required customer step overdue by more than this goes to the CSM instead; null otherwise. */
  escalatesAfterDays: number | null;
}

export interface MapMilestone {
  key: string;
  title: string;
  lane: LaneKey;
  /** "Champion", "Onboarding specialist". */
  roleLabel: string;
  dueOffsetDays: number;
  dueFrom: PlaybookMilestone["dueFrom"];
  dueOffsetKind: PlaybookMilestone["dueOffsetKind"];
  required: boolean;
  internal: boolean;
  firstValue: boolean;
  segments: string[] | null;
  reminders: ReminderPlan;
}

export interface MapEmail {
  to: "customer" | "csm";
  /** The subject as it reads, {account} standing for each account's name. */
  subject: string;
  /** The stage's own words, the generic ones, or a fixed internal email. */
  words: "stage" | "generic" | "fixed";
}

export interface MapResource {
  title: string;
  url: string;
  kind: string;
  minutes: number;
  milestoneKey: string;
}

export interface MapStage {
  key: string;
  /** From 1. */
  position: number;
  name: string;
  description: string;
  goal: string;
  successMeasure: string;
  expectedDays: number | null;
  /** Every lane of the map, each with this stage's milestones (possibly none), in playbook order. */
  lanes: { lane: LaneKey; milestones: MapMilestone[] }[];
  /** Empty for the first stage: a journey's start sends no stage email. */
  emails: MapEmail[];
  resources: MapResource[];
}

export interface JourneyMap {
  /** The lanes that hold at least one milestone somewhere in the playbook, in the map's order. */
  lanes: MapLane[];
  stages: MapStage[];
}

export interface MapRules {
  /** The nudge sweep's timing (app/modules/email/run-nudge-sweep.server.ts). */
  remindFromDaysBefore: number;
  remindEveryDays: number;
  /** The workspace's escalation threshold. */
  escalationDays: number;
  vendorName: string;
}

/** What {account} reads as on the map, where no one account is meant. */
export const ACCOUNT_STAND_IN = "[account name]";

function laneOf(m: PlaybookMilestone): LaneKey {
  return m.ownerSide === "customer" ? "customer" : (m.ownerRole as VendorRole);
}

function mapMilestone(m: PlaybookMilestone, rules: MapRules): MapMilestone {
  return {
    key: m.key,
    title: m.title,
    lane: laneOf(m),
    roleLabel:
      m.ownerSide === "customer" ? (CUSTOMER_ROLE_LABELS[m.ownerRole] ?? "Customer") : roleLabel("vendor", m.ownerRole),
    dueOffsetDays: m.dueOffsetDays,
    dueFrom: m.dueFrom,
    dueOffsetKind: m.dueOffsetKind,
    required: m.required,
    internal: m.visibility === "internal",
    firstValue: m.firstValue,
    segments: m.segments ?? null,
    reminders: {
      fromDaysBefore: rules.remindFromDaysBefore,
      until: m.required ? "done" : "due_day",
      everyDays: rules.remindEveryDays,
      escalatesAfterDays: m.required && m.ownerSide === "customer" ? rules.escalationDays : null,
    },
  };
}

export function buildJourneyMap(doc: PlaybookDocument, rules: MapRules): JourneyMap {
  const used = new Set<LaneKey>();
  const stages = doc.stages.map((s, i): MapStage => {
    const milestones = s.milestones.map((m) => mapMilestone(m, rules));
    for (const m of milestones) used.add(m.lane);
    const copy = s.email ?? GENERIC_STAGE_COPY;
    const values = { account: ACCOUNT_STAND_IN, vendor: rules.vendorName, stage: s.name };
    return {
      key: s.key,
      position: i + 1,
      name: s.name,
      description: s.description,
      goal: s.goal,
      successMeasure: s.successMeasure,
      expectedDays: s.expectedDays ?? null,
      lanes: ALL_LANES.map((l) => ({ lane: l.key, milestones: milestones.filter((m) => m.lane === l.key) })),
      emails:
        i === 0
          ? []
          : [
              { to: "customer", subject: fillStageCopy(copy.subject, values), words: s.email ? "stage" : "generic" },
              // emails/stage-entered-csm.tsx: the CSM's short internal version.
              { to: "csm", subject: `${ACCOUNT_STAND_IN} moved to ${s.name}`, words: "fixed" },
            ],
      resources: s.milestones.flatMap((m) =>
        m.resources.map((r) => ({ title: r.title, url: r.url, kind: r.kind, minutes: r.minutes, milestoneKey: m.key })),
      ),
    };
  });
  const lanes = ALL_LANES.filter((l) => used.has(l.key));
  for (const s of stages) s.lanes = s.lanes.filter((l) => used.has(l.lane));
  return { lanes, stages };
}
