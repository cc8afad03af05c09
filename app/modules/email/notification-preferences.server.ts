// Which emails a person gets: reminders (nudge digests, escalations) and
// journey updates (stage emails). Changed in settings or by one-click unsubscribe.
import type { DB } from "~/utils/db.server";
import type { UnsubscribeClaims } from "./signed-links.server";

export interface NotificationPreferences {
  nudges: boolean;
  lifecycle: boolean;
}

export async function getNotificationPreferences(db: DB, userId: string): Promise<NotificationPreferences> {
  const row = await db
    .selectFrom("users")
    .select(["nudges_enabled", "lifecycle_emails_enabled"])
    .where("id", "=", userId)
    .executeTakeFirstOrThrow();
  return { nudges: row.nudges_enabled, lifecycle: row.lifecycle_emails_enabled };
}

export async function updateNotificationPreferences(
  db: DB,
  userId: string,
  prefs: NotificationPreferences,
): Promise<void> {
  await db
    .updateTable("users")
    .set({ nudges_enabled: prefs.nudges, lifecycle_emails_enabled: prefs.lifecycle })
    .where("id", "=", userId)
    .execute();
}

/** Applies a verified unsubscribe link. Repeating it changes nothing. Returns the address, or null for an unknown person. */
export async function unsubscribe(
  db: DB,
  claims: UnsubscribeClaims,
): Promise<{ email: string; category: "nudges" | "lifecycle" } | null> {
  const row = await db
    .updateTable("users")
    .set(claims.c === "nudges" ? { nudges_enabled: false } : { lifecycle_emails_enabled: false })
    .where("id", "=", claims.u)
    .returning("email")
    .executeTakeFirst();
  return row ? { email: row.email, category: claims.c } : null;
}
