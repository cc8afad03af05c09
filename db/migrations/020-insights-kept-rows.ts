// Kept per-journey rows of the two heaviest insights figures (ADR 044): bottleneck milestones and
// delay by side. A journey's rows count only while `insight_fresh` holds it at the clock day they
// were computed for; every write to what the figures read drops that mark in the writer's own
// statement (the triggers below), and a journey without a current mark is computed from the steps
// at read time. So the kept rows change how fast the figures come, never what they say.
import { type Kysely, sql } from "kysely";

// Tables whose rows carry journey_id and feed the two figures.
const JOURNEY_TABLES = ["journey_milestones", "journey_stages", "stage_transitions", "milestone_events"] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("insight_fresh")
    .addColumn("journey_id", "uuid", (c) => c.primaryKey())
    .addColumn("clock_day", "date", (c) => c.notNull())
    // Which formulas computed the rows (KEPT_FORMULA in insights-scope.server.ts): a release that
    // changes them raises it, and rows of another count as not kept.
    .addColumn("formula", "integer", (c) => c.notNull())
    .addColumn("refreshed_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // One row per playbook step of the journey (key), the facts bottleneck milestones adds up.
  await db.schema
    .createTable("insight_step_rows")
    .addColumn("journey_id", "uuid", (c) => c.notNull())
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("late", "integer")
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("stage_name", "text", (c) => c.notNull())
    .addColumn("stage_position", "integer", (c) => c.notNull())
    .addColumn("done", "integer", (c) => c.notNull())
    .addColumn("on_time", "integer", (c) => c.notNull())
    .addColumn("open_overdue", "integer", (c) => c.notNull())
    .addColumn("stage_exits", "integer", (c) => c.notNull())
    .addColumn("held_stage", "integer", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("insight_step_rows_journey_idx").on("insight_step_rows").column("journey_id").execute();
  // Overdue days of the journey by side and vendor function, the facts delay by side adds up.
  await db.schema
    .createTable("insight_delay_rows")
    .addColumn("journey_id", "uuid", (c) => c.notNull())
    .addColumn("side", "text", (c) => c.notNull())
    .addColumn("fn", "text")
    .addColumn("days", "integer", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("insight_delay_rows_journey_idx").on("insight_delay_rows").column("journey_id").execute();

  // Statement-level, so a bulk write (an import, an upgrade) drops its marks in one delete. The
  // delete always takes the table's row-exclusive lock, which is what makes a writer wait for a
  // refresh in progress (the refresh holds share row exclusive), so no refresh marks a journey
  // fresh from a snapshot older than a committed write.
  await sql`create function insight_stale_by_journey_id() returns trigger language plpgsql as $$
    begin
      if tg_op in ('INSERT', 'UPDATE') then
        delete from insight_fresh f where f.journey_id in (select n.journey_id from new_rows n);
      end if;
      if tg_op in ('UPDATE', 'DELETE') then
        delete from insight_fresh f where f.journey_id in (select o.journey_id from old_rows o);
      end if;
      return null;
    end $$`.execute(db);
  for (const table of JOURNEY_TABLES) {
    await createTriggers(db, table, "insight_stale_by_journey_id", table !== "milestone_events");
  }
  // The journey itself: its stage, completion, version.
  await sql`create function insight_stale_journey() returns trigger language plpgsql as $$
    begin
      delete from insight_fresh f where f.journey_id in (select n.id from new_rows n);
      return null;
    end $$`.execute(db);
  await sql`create trigger insight_stale_update after update on journeys
    referencing new table as new_rows for each statement execute function insight_stale_journey()`.execute(db);
  // A journey deleted takes its kept rows along (no foreign keys: a refresh's inserts would then lock
  // journey rows that writers hold, and the two would deadlock). The mark goes first, so this waits
  // for a refresh in progress before it touches rows the refresh may be writing.
  await sql`create function insight_forget_journey() returns trigger language plpgsql as $$
    begin
      delete from insight_fresh f where f.journey_id in (select o.id from old_rows o);
      delete from insight_step_rows r where r.journey_id in (select o.id from old_rows o);
      delete from insight_delay_rows r where r.journey_id in (select o.id from old_rows o);
      return null;
    end $$`.execute(db);
  await sql`create trigger insight_stale_delete after delete on journeys
    referencing old table as old_rows for each statement execute function insight_forget_journey()`.execute(db);
  // The account: its timezone and pause move the days and the clock.
  await sql`create function insight_stale_account() returns trigger language plpgsql as $$
    begin
      delete from insight_fresh f where f.journey_id in
        (select j.id from journeys j where j.account_id in (select n.id from new_rows n));
      return null;
    end $$`.execute(db);
  await sql`create trigger insight_stale_update after update on accounts
    referencing new table as new_rows for each statement execute function insight_stale_account()`.execute(db);
  // A person's role or team function decides the side and function of the steps they owned; a
  // person deleted leaves their steps unassigned. Rare, so every mark goes. Other updates of people
  // (the last-seen time on every session check) take no lock and wait for no refresh.
  await sql`create function insight_stale_people() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        delete from insight_fresh;
      elsif exists (select 1 from old_rows o join new_rows n on n.id = o.id
          where o.role is distinct from n.role or o.team_function is distinct from n.team_function) then
        delete from insight_fresh;
      end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger insight_stale_update after update on users
    referencing old table as old_rows new table as new_rows for each statement execute function insight_stale_people()`.execute(
    db,
  );
  await sql`create trigger insight_stale_delete after delete on users
    referencing old table as old_rows for each statement execute function insight_stale_people()`.execute(db);
  // TRUNCATE fires no row or transition-table triggers: any of these tables emptied drops every mark.
  await sql`create function insight_stale_all() returns trigger language plpgsql as $$
    begin
      delete from insight_fresh;
      return null;
    end $$`.execute(db);
  for (const table of [...JOURNEY_TABLES, "journeys", "accounts", "users"]) {
    await sql`create trigger insight_stale_truncate after truncate on ${sql.raw(table)}
      for each statement execute function insight_stale_all()`.execute(db);
  }
}

async function createTriggers(db: Kysely<any>, table: string, fn: string, updatesAndDeletes: boolean) {
  const t = sql.raw(table);
  const f = sql.raw(fn);
  await sql`create trigger insight_stale_insert after insert on ${t}
    referencing new table as new_rows for each statement execute function ${f}()`.execute(db);
  if (!updatesAndDeletes) return; // milestone_events is append-only; its rows go with their step.
  await sql`create trigger insight_stale_update after update on ${t}
    referencing old table as old_rows new table as new_rows for each statement execute function ${f}()`.execute(db);
  await sql`create trigger insight_stale_delete after delete on ${t}
    referencing old table as old_rows for each statement execute function ${f}()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [...JOURNEY_TABLES, "journeys", "accounts", "users"]) {
    for (const kind of ["insert", "update", "delete", "truncate"]) {
      await sql`drop trigger if exists ${sql.raw(`insight_stale_${kind}`)} on ${sql.raw(table)}`.execute(db);
    }
  }
  for (const fn of [
    "insight_stale_by_journey_id",
    "insight_stale_journey",
    "insight_forget_journey",
    "insight_stale_account",
    "insight_stale_people",
    "insight_stale_all",
  ]) {
    await sql`drop function if exists ${sql.raw(fn)}()`.execute(db);
  }
  await db.schema.dropTable("insight_delay_rows").execute();
  await db.schema.dropTable("insight_step_rows").execute();
  await db.schema.dropTable("insight_fresh").execute();
}
