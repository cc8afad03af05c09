// The workspace's own settings: the vendor's name, logo, brand colour and
// contact details, and the defaults for new accounts and for reminders. One
// row; a null column means "use the environment's default".
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("workspace_settings")
    // Always true: the primary key and the check together allow one row only.
    .addColumn("id", "boolean", (c) => c.primaryKey().defaultTo(true).check(sql`id`))
    .addColumn("vendor_name", "text")
    .addColumn("brand_colour", "text", (c) => c.check(sql`brand_colour ~ '^#[0-9a-f]{6}$'`))
    .addColumn("support_email", "text")
    .addColumn("meeting_url", "text")
    .addColumn("default_timezone", "text")
    .addColumn("nudge_start_hour", "integer")
    .addColumn("nudge_end_hour", "integer")
    .addColumn("nudge_first_day", "integer")
    .addColumn("nudge_last_day", "integer")
    // The logo's bytes live here (ADR 023): small, rarely changed, backed up with everything else.
    .addColumn("logo", "bytea")
    .addColumn("logo_type", "text", (c) => c.check(sql`logo_type in ('image/png', 'image/jpeg', 'image/webp')`))
    // A hash of the bytes: the ETag, and the version in the logo's URL.
    .addColumn("logo_etag", "text")
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addCheckConstraint(
      "workspace_settings_nudge_hours",
      sql`(nudge_start_hour is null) = (nudge_end_hour is null)
        and (nudge_start_hour is null or (0 <= nudge_start_hour and nudge_start_hour < nudge_end_hour and nudge_end_hour <= 24))`,
    )
    .addCheckConstraint(
      "workspace_settings_nudge_days",
      sql`(nudge_first_day is null) = (nudge_last_day is null)
        and (nudge_first_day is null or (1 <= nudge_first_day and nudge_first_day <= nudge_last_day and nudge_last_day <= 7))`,
    )
    .addCheckConstraint(
      "workspace_settings_logo_whole",
      sql`(logo is null) = (logo_type is null) and (logo is null) = (logo_etag is null)`,
    )
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("workspace_settings").execute();
}
