// The playbook document's milestone fields take effect on journeys (visibility,
// segments, first value, due from the stage's entry), and running journeys can be
// upgraded to a newer version of their playbook, each upgrade recorded (ADR 036).
// Frozen once landed.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  // What a journey's milestone keeps from its version's: how its due date counts (so a
  // stage's entry can set it), who sees it, and whether it marks first value.
  await db.schema
    .alterTable("journey_milestones")
    .addColumn("due_from", "text", (c) =>
      c.notNull().defaultTo("journey_start").check(sql`due_from in ('journey_start', 'stage_entry')`),
    )
    .addColumn("due_offset_days", "integer")
    .addColumn("due_offset_kind", "text", (c) =>
      c.notNull().defaultTo("calendar").check(sql`due_offset_kind in ('calendar', 'business')`),
    )
    .addColumn("visibility", "text", (c) =>
      c.notNull().defaultTo("customer").check(sql`visibility in ('customer', 'internal')`),
    )
    .addColumn("first_value", "boolean", (c) => c.notNull().defaultTo(false))
    .execute();
  // A step due from its stage's entry has no due date until the stage is entered.
  await sql`alter table journey_milestones alter column due_on drop not null`.execute(db);
  await sql`alter table journey_milestones add constraint journey_milestones_due_on_set
    check (due_on is not null or due_from = 'stage_entry')`.execute(db);

  await db.schema
    .alterTable("journeys")
    .addColumn("first_value_at", "timestamptz")
    .addColumn("first_value_milestone_id", "uuid", (c) => c.references("journey_milestones.id").onDelete("set null"))
    .execute();

  // The view gains the document's other fields (appended: create or replace keeps the old columns).
  await sql`create or replace view playbook_version_milestones as
    select v.id as version_id, s.position::integer as stage_position, m.position::integer as position,
      m.item->>'key' as key, m.item->>'title' as title, coalesce(m.item->>'description', '') as description,
      m.item->>'ownerSide' as owner_side, m.item->>'ownerRole' as owner_role,
      (m.item->>'dueOffsetDays')::integer as due_offset_days,
      coalesce(m.item->>'dueOffsetKind', 'calendar') as due_offset_kind,
      coalesce((m.item->>'required')::boolean, true) as required,
      m.item->'resources' as resources,
      coalesce(m.item->>'dueFrom', 'journey_start') as due_from,
      coalesce(m.item->>'visibility', 'customer') as visibility,
      coalesce((m.item->>'firstValue')::boolean, false) as first_value,
      case when jsonb_typeof(m.item->'segments') = 'array'
        then array(select jsonb_array_elements_text(m.item->'segments')) end as segments,
      s.item->>'key' as stage_key
    from playbook_versions v
    cross join lateral jsonb_array_elements(v.document->'stages') with ordinality as s(item, position)
    cross join lateral jsonb_array_elements(s.item->'milestones') with ordinality as m(item, position)`.execute(db);

  // Existing journeys' milestones take their version's fields, by key.
  await sql`update journey_milestones jm set due_from = pm.due_from, due_offset_days = pm.due_offset_days,
      due_offset_kind = pm.due_offset_kind, visibility = pm.visibility, first_value = pm.first_value
    from journeys j, playbook_version_milestones pm
    where j.id = jm.journey_id and pm.version_id = j.playbook_version_id and pm.key = jm.playbook_key`.execute(db);

  await sql`alter table milestone_events drop constraint milestone_events_kind_check`.execute(db);
  await sql`alter table milestone_events add constraint milestone_events_kind_check
    check (kind in ('completed', 'reopened', 'owner_changed', 'due_date_changed', 'note',
                    'added', 'not_applicable', 'applicable_again', 'commented',
                    'upgrade_added', 'upgrade_changed', 'upgrade_removed'))`.execute(db);

  // One upgrade run: the journeys chosen when it started, and how far it has got.
  await db.schema
    .createTable("playbook_upgrades")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("playbook_id", "uuid", (c) => c.notNull().references("playbooks.id").onDelete("cascade"))
    .addColumn("to_version_id", "uuid", (c) => c.notNull().references("playbook_versions.id").onDelete("cascade"))
    .addColumn("filter", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("journey_ids", sql`uuid[]`, (c) => c.notNull())
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("running").check(sql`status in ('running', 'done', 'failed')`),
    )
    .addColumn("total", "integer", (c) => c.notNull())
    .addColumn("processed", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("upgraded", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("error", "text")
    .addColumn("created_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("finished_at", "timestamptz")
    .execute();

  // One row per journey and version it was upgraded to: the unique key makes a repeat a no-op.
  await db.schema
    .createTable("journey_upgrades")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("journey_id", "uuid", (c) => c.notNull().references("journeys.id").onDelete("cascade"))
    .addColumn("upgrade_id", "uuid", (c) => c.references("playbook_upgrades.id").onDelete("set null"))
    .addColumn("from_version_id", "uuid", (c) => c.references("playbook_versions.id").onDelete("set null"))
    .addColumn("to_version_id", "uuid", (c) => c.notNull().references("playbook_versions.id").onDelete("cascade"))
    .addColumn("from_number", "integer")
    .addColumn("to_number", "integer", (c) => c.notNull())
    .addColumn("actor_id", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("at", "timestamptz", (c) => c.notNull())
    .addColumn("summary", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addUniqueConstraint("journey_upgrades_once_key", ["journey_id", "to_version_id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("journey_upgrades").execute();
  await db.schema.dropTable("playbook_upgrades").execute();
  await sql`alter table milestone_events disable trigger milestone_events_no_update`.execute(db);
  await sql`delete from milestone_events where kind like 'upgrade_%'`.execute(db);
  await sql`alter table milestone_events enable trigger milestone_events_no_update`.execute(db);
  await sql`alter table milestone_events drop constraint milestone_events_kind_check`.execute(db);
  await sql`alter table milestone_events add constraint milestone_events_kind_check
    check (kind in ('completed', 'reopened', 'owner_changed', 'due_date_changed', 'note',
                    'added', 'not_applicable', 'applicable_again', 'commented'))`.execute(db);
  await sql`drop view playbook_version_milestones`.execute(db);
  await sql`create view playbook_version_milestones as
    select v.id as version_id, s.position::integer as stage_position, m.position::integer as position,
      m.item->>'key' as key, m.item->>'title' as title, coalesce(m.item->>'description', '') as description,
      m.item->>'ownerSide' as owner_side, m.item->>'ownerRole' as owner_role,
      (m.item->>'dueOffsetDays')::integer as due_offset_days,
      coalesce(m.item->>'dueOffsetKind', 'calendar') as due_offset_kind,
      coalesce((m.item->>'required')::boolean, true) as required,
      m.item->'resources' as resources
    from playbook_versions v
    cross join lateral jsonb_array_elements(v.document->'stages') with ordinality as s(item, position)
    cross join lateral jsonb_array_elements(s.item->'milestones') with ordinality as m(item, position)`.execute(db);
  await db.schema.alterTable("journeys").dropColumn("first_value_at").dropColumn("first_value_milestone_id").execute();
  await sql`alter table journey_milestones drop constraint journey_milestones_due_on_set`.execute(db);
  await sql`update journey_milestones jm set due_on = j.started_on from journeys j
    where j.id = jm.journey_id and jm.due_on is null`.execute(db);
  await sql`alter table journey_milestones alter column due_on set not null`.execute(db);
  await db.schema
    .alterTable("journey_milestones")
    .dropColumn("due_from")
    .dropColumn("due_offset_days")
    .dropColumn("due_offset_kind")
    .dropColumn("visibility")
    .dropColumn("first_value")
    .execute();
}
