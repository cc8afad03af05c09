// Everything a journey page shows, in one statement whatever the journey's size:
// the account, its stages, and its milestones with their owners and resources.

import { type RawBuilder, sql } from "kysely";
import type { AccountStatus, MilestoneStatus, TeamFunction } from "#db/schema";
import { type Actor, accountScope, isUuid } from "~/modules/accounts/access.server";
import {
  type CommentView,
  commentsJson,
  commentViews,
  type Mentionable,
  mentionableJson,
} from "~/modules/comments/comments-json";
import { type GoalView, goalsJson, goalView } from "~/modules/goals/list-goals.server";
import {
  type MilestoneOwner,
  type OwnerLabelAudience,
  ownerLabel,
  ownerRoleLabel,
} from "~/modules/playbooks/owner-label";
import { compareDueOn, type DueState, daysBetween, dueState, todayIn } from "~/utils/dates";
import type { DB } from "~/utils/db.server";
import { prepared } from "~/utils/prepared.server";

export interface JourneyMilestoneView {
  id: string;
  title: string;
  description: string;
  required: boolean;
  ownerSide: "customer" | "vendor";
  ownerUserId: string | null;
  ownerName: string | null;
  ownerRoleLabel: string;
  /** Who owns it as the viewer reads it: "You", "Maya Chen · Customer success manager". */
  ownerLabel: string;
  /** Null for a step due from its stage's entry while the stage is not entered yet. */
  dueOn: string | null;
  dueState: DueState;
  /** Only staff see internal steps; a customer's view never holds one. */
  internal: boolean;
  status: MilestoneStatus;
  /** Why staff marked it not applicable; customers read it as "Not needed". */
  notApplicableReason: string | null;
  /** Added by staff to this journey alone, not copied from the playbook. */
  addedHere: boolean;
  completedAt: string | null;
  completedByName: string | null;
  resources: { id: string; title: string; url: string; kind: string; minutes: number }[];
  /** The account goal this step reaches: doing it asks for the goal's result. */
  goal: { id: string; title: string } | null;
  /**
   * Its comments, oldest first (the latest 50), for the steps of the current stage and the open
   * steps of stages reached; null for the others, whose comments the pages do not show.
   */
  comments: MilestoneComment[] | null;
}

/** A comment as the pages show it: customers and staff of the account read the same words. */
export type MilestoneComment = CommentView;

export type { Mentionable };

/** What a step's card or line shows, on any page: the staff's pages send the rest too. */
export type ShownMilestone = Pick<
  JourneyMilestoneView,
  | "id"
  | "title"
  | "description"
  | "required"
  | "ownerSide"
  | "ownerLabel"
  | "dueOn"
  | "dueState"
  | "status"
  | "notApplicableReason"
  | "completedAt"
  | "completedByName"
  | "resources"
  | "goal"
  | "comments"
>;

export interface JourneyStageView {
  id: string;
  position: number;
  name: string;
  description: string;
  state: "done" | "current" | "upcoming";
  enteredAt: string | null;
  /** The day ('YYYY-MM-DD', account's timezone) a done stage was left, or null. */
  finishedOn: string | null;
  milestones: JourneyMilestoneView[];
}

export interface JourneyView {
  account: {
    id: string;
    name: string;
    timezone: string;
    csmName: string | null;
    status: AccountStatus;
    /** The day ('YYYY-MM-DD', account's timezone) the current pause began; null unless paused. */
    pausedOn: string | null;
    /** Archived: kept for the record, out of the portfolio and the figures. */
    archived: boolean;
  };
  /** Who comments may mention, by name. */
  mentionable: Mentionable[];
  journey: {
    id: string;
    playbookName: string;
    startedOn: string;
    daysSinceStart: number;
    completedAt: string | null;
  };
  today: string;
  currentStage: { name: string; position: number; daysInStage: number };
  progress: { done: number; total: number; percent: number };
  stages: JourneyStageView[];
  /** The account's success goals, soonest target first. */
  goals: GoalView[];
}

/**
 * One more value a page reads in the journey's one statement, as SQL over the journey's id (for
 * example the customer's survey questions), so that the page needs no second round trip.
 */
export type JourneyExtra<T> = (journeyId: RawBuilder<string>) => RawBuilder<T>;

export async function getJourney<T = undefined>(
  db: DB,
  actor: Actor,
  accountId: string,
  now: Date,
  extra?: JourneyExtra<T>,
): Promise<(JourneyView & { extra: T | undefined }) | null> {
  if (!isUuid(accountId)) return null;
  const head = await readJourney(db, actor, accountId, extra);
  if (!head) return null;
  const today = todayIn(head.timezone, now);
  // Staff read owners in their own words (the customer's side as the customer's).
  const audience: OwnerLabelAudience = actor.role === "customer" ? "page" : "staff_page";
  const stageViews = head.stages.map((s) => stageView(head, s));
  const stageById = new Map(stageViews.map((s) => [s.id, s]));
  for (const m of head.milestones) {
    stageById.get(m.stage_id)?.milestones.push(milestoneView(m, today, actor.id, audience));
  }
  markFinished(stageViews, head);
  return {
    account: {
      id: head.id,
      name: head.name,
      timezone: head.timezone,
      csmName: head.csm_name,
      status: head.status,
      pausedOn: head.paused_at ? todayIn(head.timezone, head.paused_at) : null,
      archived: head.archived_at !== null,
    },
    mentionable: head.mentionable,
    journey: {
      id: head.journey_id,
      playbookName: head.playbook_name,
      startedOn: head.started_on,
      daysSinceStart: Math.max(0, daysBetween(head.started_on, today)),
      completedAt: head.completed_at?.toISOString() ?? null,
    },
    today,
    currentStage: currentStageOf(head, stageViews, today),
    progress: progressOf(head.milestones),
    stages: stageViews,
    goals: head.goals.map(goalView),
    extra: head.extra as T | undefined,
  };
}

type Head = NonNullable<Awaited<ReturnType<typeof readJourney>>>;

/** A stage as the statement sends it, in JSON: times are ISO strings. */
interface StageRow {
  id: string;
  position: number;
  name: string;
  description: string;
  entered_at: string | null;
}

/** A milestone as the statement sends it, in JSON, with its owner, who completed it, and its resources. */
interface MilestoneRow {
  id: string;
  stage_id: string;
  title: string;
  description: string;
  required: boolean;
  owner_side: "customer" | "vendor";
  owner_role: string | null;
  owner_user_id: string | null;
  owner_name: string | null;
  owner_function: TeamFunction | null;
  owner_title: string | null;
  due_on: string | null;
  visibility: "customer" | "internal";
  status: MilestoneStatus;
  completed_at: string | null;
  not_applicable_reason: string | null;
  added_at: string | null;
  completed_by_name: string | null;
  resources: JourneyMilestoneView["resources"];
  goal_id: string | null;
  goal_title: string | null;
  comments: CommentView[] | null;
}

/**
 * The account and its journey, if the actor may see them, with the journey's stages and milestones
 * folded in as JSON: one statement and one round trip per page instead of three.
 */
function readJourney(db: DB, actor: Actor, accountId: string, extra?: JourneyExtra<unknown>) {
  return db
    .selectFrom("accounts")
    .innerJoin("journeys as j", "j.account_id", "accounts.id")
    .leftJoin("users as csm", "csm.id", "accounts.csm_id")
    .select([
      "accounts.id",
      "accounts.name",
      "accounts.timezone",
      "accounts.status",
      "accounts.paused_at",
      "accounts.archived_at",
      "csm.name as csm_name",
      "j.id as journey_id",
      "j.playbook_name",
      "j.started_on",
      "j.current_stage_position",
      "j.completed_at",
      sql<StageRow[]>`(
        select coalesce(json_agg(json_build_object(
                 'id', s.id, 'position', s.position, 'name', s.name, 'description', s.description,
                 'entered_at', s.entered_at
               ) order by s.position), '[]'::json)
        from journey_stages s where s.journey_id = j.id)`.as("stages"),
      sql<MilestoneRow[]>`(
        select coalesce(json_agg(json_build_object(
                 'id', m.id, 'stage_id', m.stage_id, 'title', m.title, 'description', m.description,
                 'required', m.required, 'owner_side', m.owner_side, 'owner_role', m.owner_role,
                 'owner_user_id', m.owner_user_id, 'owner_name', owner.name,
                 'owner_function', owner.team_function, 'owner_title', owner.job_title,
                 'due_on', m.due_on, 'visibility', m.visibility, 'status', m.status, 'completed_at', m.completed_at,
                 'not_applicable_reason', m.not_applicable_reason, 'added_at', m.added_at,
                 'completed_by_name', completer.name, 'goal_id', m.goal_id, 'goal_title', goal.title,
                 'resources', (
                   select coalesce(json_agg(json_build_object(
                            'id', r.id, 'title', r.title, 'url', r.url, 'kind', r.kind, 'minutes', r.minutes
                          ) order by r.position), '[]'::json)
                   from journey_resources r where r.milestone_id = m.id),
                 -- Only where a page shows them (ADR 033): the current stage, and open steps reached.
                 'comments', case when s.position = j.current_stage_position
                     or (m.status = 'open' and s.position < j.current_stage_position)
                   then ${commentsJson(sql`c0.milestone_id = m.id`)}
                 end
               ) order by s.position, m.position), '[]'::json)
        from journey_milestones m
        join journey_stages s on s.id = m.stage_id
        left join users owner on owner.id = m.owner_user_id
        left join users completer on completer.id = m.completed_by
        left join account_goals goal on goal.id = m.goal_id
        where m.journey_id = j.id
          -- Internal steps are for staff only (ADR 036).
          ${actor.role === "customer" ? sql`and m.visibility = 'customer'` : sql``})`.as("milestones"),
      goalsJson(sql.ref("accounts.id")).as("goals"),
      mentionableJson().as("mentionable"),
    ])
    .select(extra ? extra(sql<string>`j.id`).as("extra") : sql<unknown>`null`.as("extra"))
    .where("accounts.id", "=", accountId)
    .where(accountScope(actor))
    .modifyEnd(prepared)
    .executeTakeFirst();
}

/** JSON gives a time with the database's offset; pages and tests read it as an ISO string in UTC. */
const isoTime = (t: string | null) => (t === null ? null : new Date(t).toISOString());

/** A stage without its milestones yet; a completed journey shows every stage done. */
function stageView(head: Head, s: StageRow): JourneyStageView {
  const current = head.current_stage_position;
  return {
    id: s.id,
    position: s.position,
    name: s.name,
    description: s.description,
    state: head.completed_at || s.position < current ? "done" : s.position === current ? "current" : "upcoming",
    enteredAt: isoTime(s.entered_at),
    finishedOn: null,
    milestones: [],
  };
}

/** A done stage was left when a later one was first entered (skipped ones share the moment), the last when the journey completed. */
function markFinished(stages: JourneyStageView[], head: Head): void {
  let leftAt: Date | null = head.completed_at;
  for (let i = stages.length - 1; i >= 0; i--) {
    const s = stages[i];
    if (s.state === "done" && leftAt) s.finishedOn = todayIn(head.timezone, leftAt);
    if (s.enteredAt) leftAt = new Date(s.enteredAt);
  }
}

function milestoneView(
  m: MilestoneRow,
  today: string,
  viewerId: string,
  audience: OwnerLabelAudience,
): JourneyMilestoneView {
  const owner = ownerOf(m);
  return {
    id: m.id,
    title: m.title,
    description: m.description,
    required: m.required,
    ownerSide: m.owner_side,
    ownerUserId: m.owner_user_id,
    ownerName: m.owner_name,
    ownerRoleLabel: ownerRoleLabel(owner),
    ownerLabel: ownerLabel(owner, viewerId, audience),
    dueOn: m.due_on,
    // A not-applicable step is closed: never overdue, never due soon.
    dueState: m.due_on === null ? null : dueState(m.due_on, today, { done: m.status !== "open", required: m.required }),
    internal: m.visibility === "internal",
    status: m.status,
    notApplicableReason: m.not_applicable_reason,
    addedHere: m.added_at !== null,
    completedAt: isoTime(m.completed_at),
    completedByName: m.completed_by_name,
    resources: m.resources,
    goal: m.goal_id && m.goal_title ? { id: m.goal_id, title: m.goal_title } : null,
    comments: m.comments ? commentViews(m.comments) : null,
  };
}

function ownerOf(m: MilestoneRow): MilestoneOwner {
  return {
    side: m.owner_side,
    role: m.owner_role,
    userId: m.owner_user_id,
    name: m.owner_name,
    teamFunction: m.owner_function,
    jobTitle: m.owner_title,
  };
}

/** Days in stage count from the day the stage was entered, in the account's timezone. */
function currentStageOf(head: Head, stages: JourneyStageView[], today: string): JourneyView["currentStage"] {
  const stage = stages.find((s) => s.position === head.current_stage_position) ?? stages[0];
  const enteredDay = stage?.enteredAt ? todayIn(head.timezone, new Date(stage.enteredAt)) : head.started_on;
  return {
    name: stage?.name ?? "",
    position: stage?.position ?? 0,
    daysInStage: Math.max(0, daysBetween(enteredDay, today)),
  };
}

function progressOf(milestones: MilestoneRow[]): JourneyView["progress"] {
  const total = milestones.length;
  // Not applicable counts as closed, like done: it is no longer work to do.
  const done = milestones.filter((m) => m.status !== "open").length;
  return { done, total, percent: total ? Math.round((done / total) * 100) : 0 };
}

/**
 * The view a page sends when it folds stages finished before today to one line each: their
 * milestones go without descriptions and guides, which only the full cards show. A stage finished
 * today keeps them, so the stage a person has just finished can stay open on their screen.
 */
export function withFinishedStagesBrief(view: JourneyView): JourneyView {
  return {
    ...view,
    stages: view.stages.map((s) =>
      s.state === "done" && s.finishedOn !== null && s.finishedOn < view.today
        ? {
            ...s,
            description: "",
            milestones: s.milestones.map((m) => ({ ...m, description: "", resources: [], comments: null })),
          }
        : s,
    ),
  };
}

/** The open milestones one side owns in stages already reached, soonest due first. */
export function nextSteps(view: JourneyView, side: "customer" | "vendor"): JourneyMilestoneView[] {
  return view.stages
    .filter((s) => s.state !== "upcoming")
    .flatMap((s) => s.milestones)
    .filter((m) => m.status === "open" && m.ownerSide === side)
    .sort((a, b) => compareDueOn(a.dueOn, b.dueOn));
}
