// Playbooks as documents with published versions (ADR 030). The playbook tables
// become the playbook's draft and gain what the document has (stable keys, goals,
// due-from, visibility, first value, segments); publishing freezes the draft as a
// numbered version whose document never changes; each journey records its version.
// Frozen once landed.
import { type Kysely, sql } from "kysely";

const KEY_CHECK = sql`~ '^[a-z0-9]+(-[a-z0-9]+)*$'`;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("playbook_stages")
    .addColumn("key", "text")
    .addColumn("goal", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("success_measure", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("expected_days", "integer", (c) => c.check(sql`expected_days between 1 and 3650`))
    .execute();
  await db.schema
    .alterTable("playbook_milestones")
    .addColumn("key", "text")
    .addColumn("due_from", "text", (c) =>
      c.notNull().defaultTo("journey_start").check(sql`due_from in ('journey_start', 'stage_entry')`),
    )
    .addColumn("visibility", "text", (c) =>
      c.notNull().defaultTo("customer").check(sql`visibility in ('customer', 'internal')`),
    )
    .addColumn("first_value", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("segments", sql`text[]`)
    .execute();

  // Keys for what exists: a slug of the name or title, numbered when it repeats.
  const slug = (col: string) =>
    sql.raw(
      `coalesce(nullif(trim(both '-' from left(regexp_replace(lower(${col}), '[^a-z0-9]+', '-', 'g'), 50)), ''), 'step')`,
    );
  await sql`
    with s as (
      select id, ${slug("name")} as k, row_number() over (partition by playbook_id, ${slug("name")} order by position) as n
      from playbook_stages
    )
    update playbook_stages ps set key = case when s.n = 1 then s.k else s.k || '-' || s.n end
    from s where s.id = ps.id`.execute(db);
  await sql`
    with m as (
      select pm.id, ${slug("pm.title")} as k,
        row_number() over (partition by ps.playbook_id, ${slug("pm.title")} order by ps.position, pm.position) as n
      from playbook_milestones pm join playbook_stages ps on ps.id = pm.stage_id
    )
    update playbook_milestones pm set key = case when m.n = 1 then m.k else m.k || '-' || m.n end
    from m where m.id = pm.id`.execute(db);
  await sql`alter table playbook_stages alter column key set not null,
    add constraint playbook_stages_key_format check (key ${KEY_CHECK}),
    add constraint playbook_stages_key_unique unique (playbook_id, key)`.execute(db);
  await sql`alter table playbook_milestones alter column key set not null,
    add constraint playbook_milestones_key_format check (key ${KEY_CHECK}),
    add constraint playbook_milestones_key_unique unique (stage_id, key)`.execute(db);

  // Owner roles become placeholders per side; the customer's side used to be just "customer".
  await sql`update playbook_milestones set owner_role = 'champion'
    where owner_side = 'customer' and owner_role not in ('champion', 'admin', 'executive_sponsor', 'end_user')`.execute(
    db,
  );
  await sql`update playbook_milestones set owner_role = 'csm'
    where owner_side = 'vendor' and owner_role not in ('sales', 'onboarding', 'csm', 'support', 'account_manager')`.execute(
    db,
  );
  await sql`alter table playbook_milestones add constraint playbook_milestones_owner_role check (
    (owner_side = 'customer' and owner_role in ('champion', 'admin', 'executive_sponsor', 'end_user'))
    or (owner_side = 'vendor' and owner_role in ('sales', 'onboarding', 'csm', 'support', 'account_manager')))`.execute(
    db,
  );

  await db.schema
    .createTable("playbook_versions")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("playbook_id", "uuid", (c) => c.notNull().references("playbooks.id").onDelete("cascade"))
    .addColumn("number", "integer", (c) => c.notNull().check(sql`number >= 1`))
    .addColumn("note", "text", (c) => c.notNull())
    // The checked playbook document (app/modules/playbooks/playbook-document.ts), every default filled in.
    .addColumn("document", "jsonb", (c) => c.notNull())
    .addColumn("published_at", "timestamptz", (c) => c.notNull())
    .addColumn("published_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addUniqueConstraint("playbook_versions_number_key", ["playbook_id", "number"])
    .execute();
  // A published version never changes: only who published it may be cleared, when that person is deleted.
  await sql`create function playbook_versions_immutable() returns trigger language plpgsql as $$
    begin
      if new.playbook_id is distinct from old.playbook_id or new.number is distinct from old.number
        or new.note is distinct from old.note or new.document is distinct from old.document
        or new.published_at is distinct from old.published_at then
        raise exception 'playbook version % is published and never changes', old.number
          using errcode = 'restrict_violation';
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger playbook_versions_immutable before update on playbook_versions
    for each row execute function playbook_versions_immutable()`.execute(db);

  // A version's rows, as the journeys copy them: stage, milestone and resource positions count from 1.
  await sql`create view playbook_version_stages as
    select v.id as version_id, s.position::integer as position, s.item->>'key' as key,
      s.item->>'name' as name, coalesce(s.item->>'description', '') as description
    from playbook_versions v
    cross join lateral jsonb_array_elements(v.document->'stages') with ordinality as s(item, position)`.execute(db);
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

  await db.schema
    .alterTable("journeys")
    .addColumn("playbook_version_id", "uuid", (c) => c.references("playbook_versions.id").onDelete("set null"))
    .execute();
  await db.schema.createIndex("journeys_playbook_version_idx").on("journeys").column("playbook_version_id").execute();
  // The playbook's keys, so a later version can be compared with a running journey by key.
  await db.schema.alterTable("journey_stages").addColumn("playbook_key", "text").execute();
  await db.schema.alterTable("journey_milestones").addColumn("playbook_key", "text").execute();

  // Every playbook so far becomes its version 1, and the journeys started from it run that version.
  await sql`
    insert into playbook_versions (playbook_id, number, note, document, published_at)
    select p.id, 1, 'The playbook as it stood when versions began.', jsonb_strip_nulls(jsonb_build_object(
      'name', p.name, 'description', p.description,
      'stages', coalesce((select jsonb_agg(jsonb_build_object(
        'key', ps.key, 'name', ps.name, 'description', ps.description, 'goal', ps.goal,
        'successMeasure', ps.success_measure, 'expectedDays', ps.expected_days,
        'milestones', coalesce((select jsonb_agg(jsonb_build_object(
          'key', pm.key, 'title', pm.title, 'description', pm.description,
          'ownerSide', pm.owner_side, 'ownerRole', pm.owner_role, 'dueOffsetDays', pm.due_offset_days,
          'dueFrom', pm.due_from, 'dueOffsetKind', pm.due_offset_kind, 'required', pm.required,
          'visibility', pm.visibility, 'firstValue', pm.first_value, 'segments', to_jsonb(pm.segments),
          'resources', coalesce((select jsonb_agg(jsonb_build_object(
            'title', pr.title, 'url', pr.url, 'kind', pr.kind, 'minutes', pr.minutes) order by pr.position)
            from playbook_resources pr where pr.milestone_id = pm.id), '[]'::jsonb)
        ) order by pm.position) from playbook_milestones pm where pm.stage_id = ps.id), '[]'::jsonb)
      ) order by ps.position) from playbook_stages ps where ps.playbook_id = p.id), '[]'::jsonb))),
      now()
    from playbooks p`.execute(db);
  await sql`update journeys j set playbook_version_id = v.id
    from playbook_versions v where v.playbook_id = j.playbook_id and v.number = 1`.execute(db);
  await sql`update journey_stages js set playbook_key = ps.key
    from journeys j, playbook_stages ps
    where j.id = js.journey_id and ps.playbook_id = j.playbook_id and ps.position = js.position`.execute(db);
  await sql`update journey_milestones jm set playbook_key = pm.key
    from journey_stages js, journeys j, playbook_stages ps, playbook_milestones pm
    where jm.added_by is null and js.id = jm.stage_id and j.id = js.journey_id
      and ps.playbook_id = j.playbook_id and ps.position = js.position
      and pm.stage_id = ps.id and pm.position = jm.position`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("journey_milestones").dropColumn("playbook_key").execute();
  await db.schema.alterTable("journey_stages").dropColumn("playbook_key").execute();
  await db.schema.alterTable("journeys").dropColumn("playbook_version_id").execute();
  await sql`drop view playbook_version_milestones`.execute(db);
  await sql`drop view playbook_version_stages`.execute(db);
  await db.schema.dropTable("playbook_versions").execute();
  await sql`drop function playbook_versions_immutable()`.execute(db);
  await sql`alter table playbook_milestones drop constraint playbook_milestones_owner_role`.execute(db);
  await db.schema
    .alterTable("playbook_milestones")
    .dropColumn("key")
    .dropColumn("due_from")
    .dropColumn("visibility")
    .dropColumn("first_value")
    .dropColumn("segments")
    .execute();
  await db.schema
    .alterTable("playbook_stages")
    .dropColumn("key")
    .dropColumn("goal")
    .dropColumn("success_measure")
    .dropColumn("expected_days")
    .execute();
}
