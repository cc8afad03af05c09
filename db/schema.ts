// The Database type Kysely checks queries against. Columns are snake_case as in
// Postgres; `date` columns come back as 'YYYY-MM-DD' strings (see utils/db.server).
import type { ColumnType, Generated, Insertable, Selectable } from "kysely";

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type DateString = ColumnType<string, string, string>;

export type Role = "admin" | "csm" | "viewer" | "customer";
export const TEAM_FUNCTIONS = ["sales", "onboarding", "csm", "support", "account_manager"] as const;
export type TeamFunction = (typeof TEAM_FUNCTIONS)[number];
export type OwnerSide = "customer" | "vendor";
export type ResourceKind = "guide" | "video" | "webinar" | "course";
export type MilestoneStatus = "open" | "done" | "not_applicable";
/** How a playbook milestone's due offset counts: every day, or Monday to Friday only. */
export type DueOffsetKind = "calendar" | "business";
export type MilestoneEventKind =
  | "completed"
  | "reopened"
  | "owner_changed"
  | "due_date_changed"
  | "note"
  | "added"
  | "not_applicable"
  | "applicable_again"
  | "commented"
  // A playbook upgrade added, changed or removed the milestone (data: from/to version numbers, fields).
  | "upgrade_added"
  | "upgrade_changed"
  | "upgrade_removed"
  /** A CSM asked for a reminder to the customer who owns the step (data: whom, when it goes out). */
  | "reminded";

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  role: Role;
  team_function: TeamFunction | null;
  job_title: string | null;
  account_id: string | null;
  password_hash: string | null;
  timezone: Generated<string>;
  created_at: DefaultTimestamp;
  last_seen_at: Timestamp | null;
  deactivated_at: Timestamp | null;
  nudges_enabled: Generated<boolean>;
  lifecycle_emails_enabled: Generated<boolean>;
  invited_at: Timestamp | null;
  invited_by: string | null;
  /** Null while an invitation is pending; defaults to now for people added directly. */
  joined_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface AccountsTable {
  id: Generated<string>;
  name: string;
  csm_id: string | null;
  started_on: DateString;
  timezone: Generated<string>;
  status: Generated<AccountStatus>;
  created_at: DefaultTimestamp;
  domain: string | null;
  segment: string | null;
  /** The account's id in the vendor's own systems; a CSV import matches rows on it. */
  external_id: string | null;
  /** When the current pause began; null unless paused. */
  paused_at: Timestamp | null;
  /** Whole days spent paused. */
  on_hold_days: Generated<number>;
  archived_at: Timestamp | null;
}

export const ACCOUNT_STATUSES = ["active", "paused", "churned", "completed"] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

export interface SessionsTable {
  id: string;
  user_id: string;
  secret_hash: Buffer;
  created_at: Timestamp;
  last_verified_at: Timestamp;
  user_agent: string | null;
}

export interface PlaybooksTable {
  id: Generated<string>;
  name: string;
  description: Generated<string>;
  created_at: DefaultTimestamp;
  /** When an admin archived it: no new journeys start from it; running ones go on (ADR 035). */
  archived_at: Timestamp | null;
}

/** A playbook's stages as its draft: what the next published version will hold (ADR 030). */
export interface PlaybookStagesTable {
  id: Generated<string>;
  playbook_id: string;
  position: number;
  /** Stable between versions: lowercase letters and digits joined by hyphens. */
  key: string;
  name: string;
  description: Generated<string>;
  goal: Generated<string>;
  success_measure: Generated<string>;
  expected_days: number | null;
  /** The stage email's subject and introduction (ADR 037): both set, or both null for generic words. */
  email_subject: string | null;
  email_intro: string | null;
}

/** The columns a journey's milestone copies from its playbook's when the journey starts. */
interface CopiedMilestoneColumns {
  position: number;
  title: string;
  description: Generated<string>;
  owner_side: OwnerSide;
  owner_role: string;
}

export interface PlaybookMilestonesTable extends CopiedMilestoneColumns {
  id: Generated<string>;
  stage_id: string;
  /** Stable between versions, unique in the playbook. */
  key: string;
  due_offset_days: number;
  due_offset_kind: Generated<DueOffsetKind>;
  due_from: Generated<DueFrom>;
  required: Generated<boolean>;
  visibility: Generated<MilestoneVisibility>;
  first_value: Generated<boolean>;
  /** Only accounts in one of these segments get the milestone; null for every account. */
  segments: string[] | null;
}

export type DueFrom = "journey_start" | "stage_entry";
export type MilestoneVisibility = "customer" | "internal";

/** A published playbook version: its document never changes (a trigger refuses the update). */
export interface PlaybookVersionsTable {
  id: Generated<string>;
  playbook_id: string;
  number: number;
  note: string;
  /** The checked playbook document (app/modules/playbooks/playbook-document.ts). */
  document: ColumnType<unknown, string, never>;
  published_at: Timestamp;
  published_by: string | null;
}

/** Read-only views of a version's document as rows, which journeys copy (migration 009). */
export interface PlaybookVersionStagesView {
  version_id: string;
  position: number;
  key: string;
  name: string;
  description: string;
}

export interface PlaybookVersionMilestonesView {
  version_id: string;
  stage_position: number;
  position: number;
  key: string;
  title: string;
  description: string;
  owner_side: OwnerSide;
  owner_role: string;
  due_offset_days: number;
  due_offset_kind: DueOffsetKind;
  required: boolean;
  resources: unknown;
  due_from: DueFrom;
  visibility: MilestoneVisibility;
  first_value: boolean;
  segments: string[] | null;
  stage_key: string;
}

export interface PlaybookResourcesTable {
  id: Generated<string>;
  milestone_id: string;
  position: number;
  title: string;
  url: string;
  kind: ResourceKind;
  minutes: number;
}

export interface JourneysTable {
  id: Generated<string>;
  account_id: string;
  playbook_id: string | null;
  /** The published version the journey was started from (ADR 030). */
  playbook_version_id: string | null;
  playbook_name: string;
  started_on: DateString;
  current_stage_position: Generated<number>;
  completed_at: Timestamp | null;
  created_at: DefaultTimestamp;
  /** When a first-value milestone was first completed; set once, kept if it is reopened (ADR 036). */
  first_value_at: Timestamp | null;
  first_value_milestone_id: string | null;
}

export interface JourneyStagesTable {
  id: Generated<string>;
  journey_id: string;
  position: number;
  name: string;
  description: Generated<string>;
  entered_at: Timestamp | null;
  /** The playbook stage's key; null for journeys started before keys existed elsewhere. */
  playbook_key: string | null;
}

export interface JourneyMilestonesTable extends CopiedMilestoneColumns {
  id: Generated<string>;
  journey_id: string;
  stage_id: string;
  owner_user_id: string | null;
  required: boolean;
  /** Null only for a step due from its stage's entry while that stage is not entered yet. */
  due_on: DateString | null;
  due_from: Generated<DueFrom>;
  /** The version's offset, so a stage's entry can set the due date; null for a step added here. */
  due_offset_days: number | null;
  due_offset_kind: Generated<DueOffsetKind>;
  /** internal: staff see it, the customer never does (pages, emails, nudges). */
  visibility: Generated<MilestoneVisibility>;
  first_value: Generated<boolean>;
  status: Generated<MilestoneStatus>;
  completed_at: Timestamp | null;
  completed_by: string | null;
  /** Why a CSM marked it not applicable; set exactly when the status is 'not_applicable'. */
  not_applicable_reason: string | null;
  /** Who added it to this journey alone, and when; null for the playbook's milestones. */
  added_by: string | null;
  added_at: Timestamp | null;
  /** The account goal this step reaches; completing it records the goal achieved. */
  goal_id: string | null;
  /** The playbook milestone's key; null for a milestone added to this journey alone. */
  playbook_key: string | null;
}

/** A journey copies its playbook's resources when it starts: the same columns, under the journey's milestone. */
export type JourneyResourcesTable = PlaybookResourcesTable;

export interface MilestoneEventsTable {
  id: Generated<string>;
  journey_id: string;
  milestone_id: string;
  kind: MilestoneEventKind;
  actor_id: string | null;
  at: Timestamp;
  data: ColumnType<Record<string, unknown>, string | undefined, string>;
}

export const ACCOUNT_EVENT_KINDS = [
  "created",
  "renamed",
  "csm_changed",
  "timezone_changed",
  "status_changed",
  "archived",
  "restored",
] as const;
export type AccountEventKind = (typeof ACCOUNT_EVENT_KINDS)[number];

/** What happened to an account as a whole; append-only, shown in its timeline. */
export interface AccountEventsTable {
  id: Generated<string>;
  account_id: string;
  kind: AccountEventKind;
  actor_id: string | null;
  at: Timestamp;
  data: ColumnType<Record<string, unknown>, string | undefined, string>;
}

/** How an account's success goal stands, in the order the page lists the choices. */
export const GOAL_STATUSES = ["not_started", "on_track", "at_risk", "achieved", "missed"] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];

/** A success goal of one account: what, measured how, by when, how it stands, and the result once over. */
export interface AccountGoalsTable {
  id: Generated<string>;
  account_id: string;
  title: string;
  measure: string;
  target_on: DateString;
  status: Generated<GoalStatus>;
  /** The evidence in words; only for an achieved or missed goal. */
  result: string | null;
  result_at: Timestamp | null;
  result_by: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export const GOAL_EVENT_KINDS = [
  "created",
  "edited",
  "status_changed",
  "result_recorded",
  "milestone_linked",
  "milestone_unlinked",
  "commented",
] as const;
export type GoalEventKind = (typeof GOAL_EVENT_KINDS)[number];

/** Every change to a goal, append-only, shown in the account's timeline. */
export interface GoalEventsTable {
  id: Generated<string>;
  goal_id: string;
  account_id: string;
  kind: GoalEventKind;
  actor_id: string | null;
  at: Timestamp;
  data: ColumnType<Record<string, unknown>, string | undefined, string>;
}

export type PlaybookUpgradeStatus = "running" | "done" | "failed";

/** One run of upgrading chosen journeys to a version, with its progress (ADR 036). */
export interface PlaybookUpgradesTable {
  id: Generated<string>;
  playbook_id: string;
  to_version_id: string;
  filter: ColumnType<Record<string, unknown>, string | undefined, string>;
  journey_ids: string[];
  status: Generated<PlaybookUpgradeStatus>;
  total: number;
  processed: Generated<number>;
  upgraded: Generated<number>;
  error: string | null;
  created_by: string | null;
  created_at: Timestamp;
  finished_at: Timestamp | null;
}

/** A journey moved to a newer version; one row per journey and version, shown in its timeline. */
export interface JourneyUpgradesTable {
  id: Generated<string>;
  journey_id: string;
  upgrade_id: string | null;
  from_version_id: string | null;
  to_version_id: string;
  from_number: number | null;
  to_number: number;
  actor_id: string | null;
  at: Timestamp;
  summary: ColumnType<Record<string, unknown>, string | undefined, string>;
}

export interface StageTransitionsTable {
  id: Generated<string>;
  journey_id: string;
  stage_id: string;
  from_stage_id: string | null;
  entered_at: Timestamp;
  cause_event_id: string | null;
}

/** Every kind of email the outbox holds; the email module keys its payload schemas and renderers on these. */
export const EMAIL_KINDS = [
  "stage_entered_customer",
  "stage_entered_csm",
  "nudge_digest",
  "escalation",
  "sign_in_link",
  "invitation",
  "pulse_alert",
  "comment_digest",
] as const;
export type EmailKind = (typeof EMAIL_KINDS)[number];

/** The outbox's statuses in the order a delivery goes through them. */
export const OUTBOX_STATUSES = [
  "queued",
  "sending",
  "retrying",
  "sent",
  "delivered",
  "kept",
  "failed",
  "bounced",
  "complained",
  "skipped",
] as const;
export type EmailStatus = (typeof OUTBOX_STATUSES)[number];

type Json = ColumnType<Record<string, unknown>, string, string>;

export interface EmailOutboxTable {
  id: Generated<string>;
  dedupe_key: string;
  kind: EmailKind;
  recipient_user_id: string | null;
  to_email: string;
  account_id: string | null;
  payload: Json;
  subject: string | null;
  html: string | null;
  text: string | null;
  status: Generated<EmailStatus>;
  attempts: Generated<number>;
  last_error: string | null;
  provider_id: string | null;
  claimed_until: Timestamp | null;
  next_attempt_at: Timestamp | null;
  /** When an email queued for later (a CSM's reminder outside working hours) is due; null: at once. */
  send_after: Timestamp | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
  updated_at: Timestamp;
}

export interface NudgedMilestonesTable {
  outbox_id: string;
  user_id: string;
  milestone_id: string;
  nudged_at: Timestamp;
}

/**
 * A comment on a journey milestone or on an account goal (exactly one of them): customers and
 * staff of the account read them (unlike staff notes).
 */
export interface MilestoneCommentsTable {
  id: Generated<string>;
  /** The step's journey and the step; null for a comment on a goal. */
  journey_id: string | null;
  milestone_id: string | null;
  /** The goal; null for a comment on a step. */
  goal_id: string | null;
  author_id: string | null;
  body: string;
  created_at: Timestamp;
}

/** A person of the account a comment mentions as `@email`. */
export interface CommentMentionsTable {
  comment_id: string;
  user_id: string;
}

export type CommentNoticeReason = "owner" | "csm" | "mention";

/** What a comment owes one person: pending until a digest carries it (outbox_id) or it is dropped. */
export interface CommentNoticesTable {
  comment_id: string;
  user_id: string;
  reasons: ColumnType<CommentNoticeReason[], CommentNoticeReason[], CommentNoticeReason[]>;
  created_at: Timestamp;
  outbox_id: string | null;
  dropped_at: Timestamp | null;
  drop_reason: string | null;
}

export interface EmailSuppressionsTable {
  email: string;
  reason: "bounced" | "complained";
  created_at: Timestamp;
}

export interface WebhookReceiptsTable {
  id: string;
  type: string;
  received_at: Timestamp;
}

export interface AppSecretsTable {
  name: string;
  value: string;
}

export interface AuthTokensTable {
  id: Generated<string>;
  kind: "sign_in" | "invitation";
  user_id: string;
  token_hash: Buffer;
  created_by: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface AuthAttemptsTable {
  id: Generated<number>;
  key: string;
  at: Timestamp;
}

export type AuditKind =
  | "sign_in"
  | "sign_in_failed"
  | "sign_in_link_requested"
  | "invitation_sent"
  | "invitation_accepted"
  | "role_changed"
  | "team_function_changed"
  | "deactivated"
  | "password_changed"
  | "accounts_imported"
  | "first_admin_created";

export interface AuditEventsTable {
  id: Generated<number>;
  at: Timestamp;
  kind: AuditKind;
  actor_id: string | null;
  subject_user_id: string | null;
  account_id: string | null;
  email: string | null;
  ip: string | null;
  detail: ColumnType<Record<string, unknown>, string | undefined, string>;
}

export type AccountImportStatus = "previewed" | "running" | "done" | "failed";

export interface AccountImportsTable {
  id: Generated<string>;
  created_by: string | null;
  created_at: Timestamp;
  file_name: string;
  rows: Json;
  preview: Json;
  status: Generated<AccountImportStatus>;
  total_rows: number;
  processed_rows: Generated<number>;
  summary: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  finished_at: Timestamp | null;
}

/** One row at most; a null column means the environment's default applies. */
export interface WorkspaceSettingsTable {
  id: Generated<boolean>;
  vendor_name: string | null;
  /** "#rrggbb", lower case. */
  brand_colour: string | null;
  support_email: string | null;
  meeting_url: string | null;
  default_timezone: string | null;
  nudge_start_hour: number | null;
  nudge_end_hour: number | null;
  nudge_first_day: number | null;
  nudge_last_day: number | null;
  logo: Buffer | null;
  logo_type: "image/png" | "image/jpeg" | "image/webp" | null;
  logo_etag: string | null;
  updated_at: DefaultTimestamp;
  updated_by: string | null;
}

export const PULSE_FEELINGS = ["frustrated", "confused", "neutral", "confident", "delighted"] as const;
export type PulseFeeling = (typeof PULSE_FEELINGS)[number];
export type PulseQuestion = "stage" | "nps";

/** A customer's answer to "How did <stage> go?" (score 1-5 and a feeling) or to the NPS question (0-10). */
export interface PulseAnswersTable {
  id: Generated<string>;
  journey_id: string;
  stage_id: string;
  user_id: string;
  question: PulseQuestion;
  score: number;
  feeling: PulseFeeling | null;
  comment: string | null;
  answered_at: Timestamp;
  changed_at: Timestamp | null;
  alerted_at: Timestamp | null;
}

export interface Database {
  users: UsersTable;
  accounts: AccountsTable;
  sessions: SessionsTable;
  playbooks: PlaybooksTable;
  playbook_stages: PlaybookStagesTable;
  playbook_milestones: PlaybookMilestonesTable;
  playbook_resources: PlaybookResourcesTable;
  playbook_versions: PlaybookVersionsTable;
  playbook_version_stages: PlaybookVersionStagesView;
  playbook_version_milestones: PlaybookVersionMilestonesView;
  journeys: JourneysTable;
  journey_stages: JourneyStagesTable;
  journey_milestones: JourneyMilestonesTable;
  journey_resources: JourneyResourcesTable;
  milestone_events: MilestoneEventsTable;
  milestone_comments: MilestoneCommentsTable;
  comment_mentions: CommentMentionsTable;
  comment_notices: CommentNoticesTable;
  stage_transitions: StageTransitionsTable;
  playbook_upgrades: PlaybookUpgradesTable;
  journey_upgrades: JourneyUpgradesTable;
  account_events: AccountEventsTable;
  account_goals: AccountGoalsTable;
  goal_events: GoalEventsTable;
  email_outbox: EmailOutboxTable;
  nudged_milestones: NudgedMilestonesTable;
  email_suppressions: EmailSuppressionsTable;
  webhook_receipts: WebhookReceiptsTable;
  app_secrets: AppSecretsTable;
  auth_tokens: AuthTokensTable;
  auth_attempts: AuthAttemptsTable;
  audit_events: AuditEventsTable;
  account_imports: AccountImportsTable;
  workspace_settings: WorkspaceSettingsTable;
  pulse_answers: PulseAnswersTable;
  insight_fresh: InsightFreshTable;
  insight_step_rows: InsightStepRowsTable;
  insight_delay_rows: InsightDelayRowsTable;
}

/** Journeys whose kept insights rows are current for their clock day (migration 020, ADR 044). */
export interface InsightFreshTable {
  journey_id: string;
  clock_day: DateString;
  formula: number;
  refreshed_at: DefaultTimestamp;
}

/** Kept per-journey facts of bottleneck milestones, one row per playbook step (ADR 044). */
export interface InsightStepRowsTable {
  journey_id: string;
  key: string;
  late: number | null;
  title: string;
  stage_name: string;
  stage_position: number;
  done: number;
  on_time: number;
  open_overdue: number;
  stage_exits: number;
  held_stage: number;
}

/** Kept per-journey overdue days by side and vendor function (ADR 044). */
export interface InsightDelayRowsTable {
  journey_id: string;
  side: OwnerSide;
  fn: string | null;
  days: number;
}

export type User = Selectable<UsersTable>;
export type Account = Selectable<AccountsTable>;
export type NewUser = Insertable<UsersTable>;
