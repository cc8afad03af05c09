// The workspace's settings as everyone else reads them: the stored row merged
// with the environment's defaults (VENDOR_NAME/EMAIL_FROM, NUDGE_HOURS/DAYS),
// and the admin's commands that change them, each in one statement.

import { createHash } from "node:crypto";
import { sql } from "kysely";
import type { DB } from "~/utils/db.server";
import { type Env, type NudgeRules, nudgeRules, vendorName } from "~/utils/env.server";
import { InputError } from "~/utils/errors.server";
import { brandColourProblem } from "./brand-colour";
import { checkLogo, type LogoType } from "./logo-file";
import type { SettingsInput } from "./settings-form";

/** Where accounts are created when nobody chose a timezone: the database's own default. */
export const FALLBACK_TIMEZONE = "UTC";

export interface Workspace {
  vendorName: string;
  /** "#rrggbb", or null for the portal's own blue. */
  brandColour: string | null;
  /** Changes whenever the logo does; null without a logo. */
  logoVersion: string | null;
  supportEmail: string | null;
  meetingUrl: string | null;
  defaultTimezone: string;
  nudges: NudgeRules;
  /** What the admin set, null where the default applies: the settings form shows these. */
  stored: SettingsInput;
}

const COLUMNS = [
  "vendor_name",
  "brand_colour",
  "support_email",
  "meeting_url",
  "default_timezone",
  "nudge_start_hour",
  "nudge_end_hour",
  "nudge_first_day",
  "nudge_last_day",
  "logo_etag",
] as const;

/** The settings in force: the stored row (never the logo's bytes) over the environment's defaults. */
/**
 * Every page shows the brand, so the settings are kept in memory for a minute
 * rather than read on every request. A save in this process forgets them at
 * once; another process (a second web server) sees a change within the minute.
 */
const CACHE_MS = 60_000;
const cached = new WeakMap<DB, { until: number; workspace: Workspace }>();

export async function getCachedWorkspace(db: DB, env: Env, nowMs: number): Promise<Workspace> {
  const hit = cached.get(db);
  if (hit && hit.until > nowMs) return hit.workspace;
  const workspace = await getWorkspace(db, env);
  cached.set(db, { until: nowMs + CACHE_MS, workspace });
  return workspace;
}

function forgetCachedWorkspace(db: DB): void {
  cached.delete(db);
}

export async function getWorkspace(db: DB, env: Env): Promise<Workspace> {
  const row = await db.selectFrom("workspace_settings").select(COLUMNS).executeTakeFirst();
  const fromEnv = nudgeRules(env);
  const stored: SettingsInput = {
    vendorName: row?.vendor_name ?? null,
    brandColour: row?.brand_colour ?? null,
    supportEmail: row?.support_email ?? null,
    meetingUrl: row?.meeting_url ?? null,
    defaultTimezone: row?.default_timezone ?? null,
    nudgeStartHour: row?.nudge_start_hour ?? null,
    nudgeEndHour: row?.nudge_end_hour ?? null,
    nudgeFirstDay: row?.nudge_first_day ?? null,
    nudgeLastDay: row?.nudge_last_day ?? null,
  };
  return {
    vendorName: stored.vendorName ?? vendorName(env),
    brandColour: stored.brandColour,
    logoVersion: row?.logo_etag ?? null,
    supportEmail: stored.supportEmail,
    meetingUrl: stored.meetingUrl,
    defaultTimezone: stored.defaultTimezone ?? FALLBACK_TIMEZONE,
    nudges: {
      ...fromEnv,
      ...(stored.nudgeStartHour !== null && stored.nudgeEndHour !== null
        ? { startHour: stored.nudgeStartHour, endHour: stored.nudgeEndHour }
        : {}),
      ...(stored.nudgeFirstDay !== null && stored.nudgeLastDay !== null
        ? { firstDay: stored.nudgeFirstDay, lastDay: stored.nudgeLastDay }
        : {}),
    },
    stored,
  };
}

/** The hours and days reminders may go out in: the admin's choice, else NUDGE_HOURS and NUDGE_DAYS. */
export async function workspaceNudgeRules(db: DB, env: Env): Promise<NudgeRules> {
  return (await getWorkspace(db, env)).nudges;
}

/** The timezone a new account gets when nobody chooses one. */
export async function defaultAccountTimezone(db: DB, env: Env): Promise<string> {
  return (await getWorkspace(db, env)).defaultTimezone;
}

/** Upserts the one row; `set` names only the columns this command changes. */
function upsert(db: DB, set: Record<string, unknown>) {
  return db
    .insertInto("workspace_settings")
    .values({ id: true, ...set })
    .onConflict((oc) => oc.column("id").doUpdateSet(set))
    .execute();
}

/** Saves every text setting at once; the logo is left as it is. */
export async function saveWorkspaceSettings(
  db: DB,
  actor: { id: string },
  input: SettingsInput,
  now: Date,
): Promise<void> {
  // The form checks this too; the rule belongs to the workspace, so it holds for any caller.
  const problem = input.brandColour ? brandColourProblem(input.brandColour) : null;
  if (problem) throw new InputError(problem, "brandColour");
  await upsert(db, {
    vendor_name: input.vendorName,
    brand_colour: input.brandColour,
    support_email: input.supportEmail,
    meeting_url: input.meetingUrl,
    default_timezone: input.defaultTimezone,
    nudge_start_hour: input.nudgeStartHour,
    nudge_end_hour: input.nudgeEndHour,
    nudge_first_day: input.nudgeFirstDay,
    nudge_last_day: input.nudgeLastDay,
    updated_at: now,
    updated_by: actor.id,
  });
  forgetCachedWorkspace(db);
}

/** Replaces the logo after checking what its bytes are. */
export async function saveLogo(db: DB, actor: { id: string }, bytes: Uint8Array, now: Date): Promise<void> {
  const checked = checkLogo(bytes);
  if (!checked.ok) throw new InputError(checked.message, "logo");
  const etag = createHash("sha256").update(bytes).digest("base64url").slice(0, 22);
  await upsert(db, {
    logo: Buffer.from(bytes),
    logo_type: checked.type,
    logo_etag: etag,
    updated_at: now,
    updated_by: actor.id,
  });
  forgetCachedWorkspace(db);
}

export async function removeLogo(db: DB, actor: { id: string }, now: Date): Promise<void> {
  await db
    .updateTable("workspace_settings")
    .set({ logo: null, logo_type: null, logo_etag: null, updated_at: now, updated_by: actor.id })
    .execute();
  forgetCachedWorkspace(db);
}

/** The logo's bytes for serving, or null when there is none. */
export async function getLogo(db: DB): Promise<{ bytes: Buffer; type: LogoType; etag: string } | null> {
  const row = await db
    .selectFrom("workspace_settings")
    .select(["logo", "logo_type", "logo_etag"])
    .where(sql<boolean>`logo is not null`)
    .executeTakeFirst();
  return row?.logo && row.logo_type && row.logo_etag
    ? { bytes: row.logo, type: row.logo_type, etag: row.logo_etag }
    : null;
}
