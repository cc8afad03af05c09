// Due dates counted in business days, milestones a CSM adds to one journey, and
// milestones marked "not applicable" with a reason. Frozen once landed.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  // Existing playbooks keep counting calendar days.
  await db.schema
    .alterTable("playbook_milestones")
    .addColumn("due_offset_kind", "text", (c) =>
      c.notNull().defaultTo("calendar").check(sql`due_offset_kind in ('calendar', 'business')`),
    )
    .execute();

  // `start` plus `n` business days (Monday to Friday). A journey's dates are the
  // account's own calendar dates, so their weekdays are the account's weekdays.
  // From a weekend, counting forward starts on the Friday before (so +1 is
  // Monday) and backward on the Monday after; 0 moves a weekend start to Monday.
  // Mirrors dueDateFor in app/modules/journeys/due-date.ts; a test holds them equal.
  await sql`create function add_business_days(start date, n integer) returns date
    language plpgsql immutable strict as $$
    declare
      s date := start;
      dow integer := extract(isodow from start);
      m integer := abs(n);
      d date;
    begin
      if n = 0 then
        return case dow when 6 then start + 2 when 7 then start + 1 else start end;
      end if;
      if n > 0 then
        if dow > 5 then s := start - (dow - 5); dow := 5; end if;
        d := s + (m / 5) * 7 + (m % 5);
        if dow + (m % 5) > 5 then d := d + 2; end if;
      else
        if dow > 5 then s := start + (8 - dow); dow := 1; end if;
        d := s - (m / 5) * 7 - (m % 5);
        if dow - (m % 5) < 1 then d := d - 2; end if;
      end if;
      return d;
    end $$`.execute(db);

  // Not applicable is a third status, so every query that looks for open work
  // (the stage rule, nudges, overdue counts) leaves it out without a change.
  await sql`alter table journey_milestones drop constraint journey_milestones_status_check`.execute(db);
  await sql`alter table journey_milestones add constraint journey_milestones_status_check
    check (status in ('open', 'done', 'not_applicable'))`.execute(db);
  await db.schema.alterTable("journey_milestones").addColumn("not_applicable_reason", "text").execute();
  await sql`alter table journey_milestones add constraint journey_milestones_not_applicable_reason
    check ((status = 'not_applicable') = (not_applicable_reason is not null))`.execute(db);
  // Who added a milestone to this journey alone; null for the playbook's.
  await db.schema
    .alterTable("journey_milestones")
    .addColumn("added_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("added_at", "timestamptz")
    .execute();

  await sql`alter table milestone_events drop constraint milestone_events_kind_check`.execute(db);
  await sql`alter table milestone_events add constraint milestone_events_kind_check
    check (kind in ('completed', 'reopened', 'owner_changed', 'due_date_changed', 'note',
                    'added', 'not_applicable', 'applicable_again'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table milestone_events drop constraint milestone_events_kind_check`.execute(db);
  await sql`alter table milestone_events add constraint milestone_events_kind_check
    check (kind in ('completed', 'reopened', 'owner_changed', 'due_date_changed', 'note'))`.execute(db);
  await sql`alter table journey_milestones drop constraint journey_milestones_not_applicable_reason`.execute(db);
  await sql`update journey_milestones set status = 'open' where status = 'not_applicable'`.execute(db);
  await sql`alter table journey_milestones drop constraint journey_milestones_status_check`.execute(db);
  await sql`alter table journey_milestones add constraint journey_milestones_status_check
    check (status in ('open', 'done'))`.execute(db);
  await db.schema
    .alterTable("journey_milestones")
    .dropColumn("not_applicable_reason")
    .dropColumn("added_by")
    .dropColumn("added_at")
    .execute();
  await sql`drop function add_business_days(date, integer)`.execute(db);
  await db.schema.alterTable("playbook_milestones").dropColumn("due_offset_kind").execute();
}
