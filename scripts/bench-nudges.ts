// `npm run bench:nudges [-- --accounts 10000] [--plans]`: times the hourly nudge sweep on a
// throwaway copy of the schema, at two portfolio sizes and again after only the history grows.
import path from "node:path";
import { performance } from "node:perf_hooks";
import { type RawBuilder, sql } from "kysely";
import { DUE_WITHIN_DAYS, type QueuedNudge, runNudgeSweep } from "../app/modules/email/run-nudge-sweep.server";
import { redactUrl } from "../app/server/database";
import { demoPlaybook, seedPlaybook } from "../app/server/demo/seed-playbook";
import { type EmbeddedHandle, startEmbeddedPostgres } from "../app/server/embedded-postgres/start-embedded-postgres";
import { isAlive } from "../app/server/is-alive";
import { migrateToLatest } from "../app/server/migrate";
import { adminQuery, withDatabase } from "../app/server/pg-admin";
import { createDb, type DB, poolOf } from "../app/utils/db.server";
import { EnvError, type NudgeRules, parseEnv } from "../app/utils/env.server";

// Tuesday 14:00 UTC: 09:00 in New York, 14:00 in London, 15:00 in Berlin, 11:00 in São Paulo,
// while Tokyo (23:00), Los Angeles (06:00), Chicago (08:00), Kolkata (19:30) and Sydney (already
// Wednesday, 01:00) are out of hours. Every date in the seed is relative to this day, so the figures do not depend on
// when the benchmark runs.
const NOW = new Date("2026-11-24T14:00:00Z");
const TODAY = "2026-11-24";
const RULES: NudgeRules = { startHour: 9, endHour: 17, firstDay: 1, lastDay: 5, escalationDays: 5 };

const ACCOUNTS_PER_CSM = 50;
const HISTORY_GROWTH = 10;
const TIMED_RUNS = 3;

const CSM_ZONES = ["America/New_York", "Europe/Berlin", "Asia/Tokyo", "UTC", "America/Los_Angeles", "Europe/London"];
const CONTACT_ZONES = [
  "America/New_York",
  "Europe/Berlin",
  "Asia/Tokyo",
  "UTC",
  "America/Los_Angeles",
  "Europe/London",
  "America/Sao_Paulo",
  "Australia/Sydney",
  "Asia/Kolkata",
  "America/Chicago",
];
// Auckland is already on Wednesday at the sweep time: its accounts count days overdue from a
// later date than UTC, the case the coarse `due_on` bound in the sweep has to allow for.
const ACCOUNT_ZONES = [
  "America/New_York",
  "Europe/Berlin",
  "Asia/Tokyo",
  "UTC",
  "Pacific/Auckland",
  "America/Los_Angeles",
];

interface Options {
  accounts: number;
  plans: boolean;
}

function parseArgs(args: string[]): Options {
  const options: Options = { accounts: 10_000, plans: false };
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--plans") options.plans = true;
    else if (args[i] === "--accounts") {
      const n = Number(args[++i]);
      // Below 100 the small run would have under ten accounts: too few to say anything.
      if (!Number.isInteger(n) || n < 100 || n > 1_000_000) {
        throw new EnvError(`--accounts needs a whole number from 100 to 1000000; got ${args[i] ?? "nothing"}`);
      }
      options.accounts = n;
    } else {
      throw new EnvError(`Unknown argument ${args[i]}. Usage: npm run bench:nudges -- [--accounts 10000] [--plans]`);
    }
  }
  return options;
}

// ---------------------------------------------------------------------------------------------
// Shutdown: one path for success, failure and signals, so the scratch database always goes.

const cleanups: { label: string; run: () => Promise<void> }[] = [];
let exiting: Promise<never> | null = null;
let interruptedAt = 0;

function exitAfterCleanup(code: number): Promise<never> {
  exiting ??= (async () => {
    // Last registered first: pools close before their database is dropped, the server stops last.
    for (const c of [...cleanups].reverse()) {
      try {
        await c.run();
      } catch (e) {
        console.error(`Could not ${c.label}: ${(e as Error).message}`);
      }
    }
    process.exit(code);
  })();
  return exiting;
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    // Ctrl-C reaches us twice, from the terminal and relayed by tsx: only a later one means "now".
    if (interruptedAt) {
      if (performance.now() - interruptedAt < 2000) return;
      console.error(`${signal} again: exiting without finishing the clean-up.`);
      process.exit(130);
    }
    interruptedAt = performance.now();
    console.error(`\n${signal}: stopping and dropping the scratch database...`);
    void exitAfterCleanup(130);
  });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// The server and the scratch database. The benchmark works in its own `waypoint_bench_<pid>` on
// the server the app uses (DATABASE_URL's, or the embedded one in DATA_DIR, joined if `npm start`
// runs it), so the app's own data is never read or written.

/**
 * Ctrl-C in a terminal also reaches an embedded server this process started, which shuts down
 * before the scratch database can be dropped. The next run on that (local) server drops what a
 * dead run left. Not done on a DATABASE_URL server: its pids may belong to other machines.
 */
async function dropOrphans(adminUrl: string): Promise<void> {
  const rows = await adminQuery<{ datname: string }>(
    adminUrl,
    String.raw`select datname from pg_database where datname ~ '^waypoint_bench_\d+$'`,
  );
  for (const { datname } of rows) {
    const pid = Number(datname.slice("waypoint_bench_".length));
    if (pid !== process.pid && isAlive(pid)) continue;
    console.log(`Dropping ${datname}, left by an earlier run that did not finish`);
    await adminQuery(adminUrl, `drop database if exists ${datname} with (force)`);
  }
}

async function openServer(): Promise<{ url: string; embedded: EmbeddedHandle | null }> {
  const env = parseEnv();
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, embedded: null };
  const embedded = await startEmbeddedPostgres({
    dataDir: path.resolve(env.DATA_DIR),
    port: env.EMBEDDED_PG_PORT,
    // The maintenance database: joining or starting the server must not create the app's.
    database: "postgres",
    log: (line) => console.log(line),
    // Our signal handler drops the scratch database before the server is stopped.
    ownSignals: true,
    allowShared: true,
  });
  cleanups.push({ label: "stop the embedded PostgreSQL", run: () => embedded.stop() });
  return { url: embedded.url, embedded };
}

// ---------------------------------------------------------------------------------------------
// Seeding. Every statement covers a whole batch of accounts; pseudo-random choices come from
// hashing stable keys, so two runs of the same size seed the same portfolio.

let db: DB;
/** Whether seeding may skip foreign-key triggers (a superuser's session_replication_role). */
let fastLoad = false;

async function probeFastLoad(): Promise<void> {
  try {
    await db.transaction().execute((trx) => sql`set local session_replication_role = replica`.execute(trx));
    fastLoad = true;
  } catch {
    console.log("  (not a superuser: seeding keeps foreign-key checks on and is slower)");
  }
}

async function step(label: string, query: RawBuilder<unknown>): Promise<number> {
  const t0 = performance.now();
  // Every id the seed writes comes from a join against rows it already wrote, so the per-row
  // foreign-key checks cannot fail; skipping them halves the load time of the big tables.
  const result = await db.transaction().execute(async (trx) => {
    if (fastLoad) await sql`set local session_replication_role = replica`.execute(trx);
    // The history statements group and sort millions of rows; the default 4MB spills to disk.
    await sql`set local work_mem = '256MB'`.execute(trx);
    return query.execute(trx);
  });
  const rows = Number(result.numAffectedRows ?? result.rows.length);
  console.log(`    ${label.padEnd(44)} ${fmt(rows).padStart(10)} rows  ${ms(performance.now() - t0).padStart(9)}`);
  return rows;
}

async function prepareScratch(): Promise<string> {
  await sql`
    create function bench_roll(key text, n int) returns int language sql immutable parallel safe
    as $$ select ((hashtext(key)::bigint + 2147483648) % n)::int $$`.execute(db);
  // Ids are drawn up front so each later statement can join accounts, journeys and people by index.
  await sql`
    create table bench_accounts (
      i int primary key,
      account_id uuid not null default gen_random_uuid(),
      journey_id uuid not null default gen_random_uuid(),
      contact_id uuid not null default gen_random_uuid(),
      second_contact_id uuid not null default gen_random_uuid(),
      csm_id uuid not null,
      stage int not null,
      started_on date not null
    )`.execute(db);
  await sql`
    create table bench_nudges (milestone_id uuid not null, user_id uuid not null, kind text not null,
      day date not null, dedupe_key text not null)`.execute(db);
  return seedPlaybook(db, demoPlaybook());
}

const today = sql`${TODAY}::date`;
const now = sql`${NOW.toISOString()}::timestamptz`;

/** Accounts lo..hi with their people, journeys and the history that came with getting there. */
async function seedAccounts(playbookId: string, lo: number, hi: number): Promise<void> {
  console.log(`  Seeding accounts ${fmt(lo)}..${fmt(hi)}`);
  const t0 = performance.now();
  const batch = sql`b.i between ${lo}::int and ${hi}::int`;
  const csmKey = (i: RawBuilder<unknown>) => sql`'csm' || ((${i} - 1) / ${ACCOUNTS_PER_CSM}::int) || '@vendor.bench'`;

  // A CSM can straddle two batches; the second batch finds them already there.
  await step(
    "users (CSMs)",
    sql`
    insert into users (email, name, role, team_function, job_title, timezone, created_at, last_seen_at)
    select 'csm' || k || '@vendor.bench', 'CSM ' || k, 'csm', 'csm', 'Customer success manager',
      (${CSM_ZONES}::text[])[1 + k % ${CSM_ZONES.length}::int], ${now} - interval '2 years',
      case when bench_roll('csm-seen' || k, 4) = 0 then ${now} - interval '3 hours' end
    from generate_series((${lo}::int - 1) / ${ACCOUNTS_PER_CSM}::int, (${hi}::int - 1) / ${ACCOUNTS_PER_CSM}::int) k
    on conflict ((lower(email))) do nothing`,
  );

  // The journey started as long ago as its current stage's first step is due, give or take
  // three weeks, so done stages lie in the past and unreached ones in the future.
  await step(
    "bench_accounts (index -> ids)",
    sql`
    with stage_start as (
      select ps.position, min(pm.due_offset_days) as first_due
      from playbook_stages ps join playbook_milestones pm on pm.stage_id = ps.id
      where ps.playbook_id = ${playbookId}::uuid group by ps.position
    ),
    picked as (select i, 1 + bench_roll('stage' || i, 6) as stage from generate_series(${lo}::int, ${hi}::int) i)
    insert into bench_accounts (i, csm_id, stage, started_on)
    select p.i, u.id, p.stage, ${today} - s.first_due - bench_roll('start' || p.i, 21)
    from picked p
    join stage_start s on s.position = p.stage
    join users u on lower(u.email) = ${csmKey(sql`p.i`)}`,
  );

  await step(
    "accounts",
    sql`
    insert into accounts (id, name, csm_id, started_on, timezone, status, created_at)
    select b.account_id, 'Bench account ' || lpad(b.i::text, 7, '0'), b.csm_id, b.started_on,
      (${ACCOUNT_ZONES}::text[])[1 + bench_roll('atz' || b.i, ${ACCOUNT_ZONES.length}::int)],
      case bench_roll('status' || b.i, 50) when 0 then 'churned' when 1 then 'paused' when 2 then 'paused' else 'active' end,
      b.started_on - 10
    from bench_accounts b where ${batch}`,
  );

  // Contact 1 is created first, so it is the one createJourney would pick as primary contact.
  await step(
    "users (2 contacts per account)",
    sql`
    insert into users (id, email, name, role, job_title, account_id, timezone, created_at, last_seen_at, nudges_enabled)
    select c.id, 'contact' || b.i || '-' || c.n || '@customer.bench', 'Contact ' || b.i || '-' || c.n,
      'customer', 'Project lead', b.account_id,
      (${CONTACT_ZONES}::text[])[1 + bench_roll('ctz' || b.i || '-' || c.n, ${CONTACT_ZONES.length}::int)],
      b.started_on - 10 + c.n * interval '1 minute',
      case when bench_roll('seen' || b.i || '-' || c.n, 10) = 0 then ${now} - interval '5 hours' end,
      bench_roll('optout' || b.i || '-' || c.n, 30) <> 0
    from bench_accounts b
    cross join lateral (values (1, b.contact_id), (2, b.second_contact_id)) c(n, id)
    where ${batch}`,
  );

  await step(
    "email_suppressions (1% of contacts)",
    sql`
    insert into email_suppressions (email, reason, created_at)
    select lower(u.email), 'bounced', ${now} - interval '30 days'
    from bench_accounts b join users u on u.account_id = b.account_id
    where ${batch} and bench_roll('bounce' || u.email, 100) = 0`,
  );

  await step(
    "journeys",
    sql`
    insert into journeys (id, account_id, playbook_id, playbook_name, started_on, current_stage_position, created_at)
    select b.journey_id, b.account_id, ${playbookId}::uuid, ${demoPlaybook().name}, b.started_on, b.stage, b.started_on
    from bench_accounts b where ${batch}`,
  );

  await step(
    "journey_stages",
    sql`
    insert into journey_stages (journey_id, position, name, description, entered_at)
    select b.journey_id, ps.position, ps.name, ps.description,
      case when ps.position <= b.stage then b.started_on + (
        select min(pm.due_offset_days) from playbook_milestones pm where pm.stage_id = ps.id) end
    from bench_accounts b
    join playbook_stages ps on ps.playbook_id = ${playbookId}::uuid
    where ${batch}`,
  );

  // Stages before the current one are done. In the current stage some steps are done and the
  // open ones are spread: overdue by 1-20 days, due within two days, or later. A few steps of
  // unreached stages are overdue too (journeys run late), which the sweep must leave alone.
  await step(
    "journey_milestones",
    sql`
    with rows as (
      select b.journey_id, js.id as stage_id, js.position as stage_position, b.stage, b.started_on,
        b.contact_id, b.csm_id, pm.position, pm.title, pm.description, pm.owner_side, pm.owner_role,
        pm.required, pm.due_offset_days,
        bench_roll(b.i || ':' || js.position || ':' || pm.position, 100) as r,
        bench_roll(b.i || ':' || js.position || ':' || pm.position || ':d', 20) as spread
      from bench_accounts b
      join journey_stages js on js.journey_id = b.journey_id
      join playbook_stages ps on ps.playbook_id = ${playbookId}::uuid and ps.position = js.position
      join playbook_milestones pm on pm.stage_id = ps.id
      where ${batch}
    ),
    shaped as (
      select rows.*,
        case when owner_side = 'customer' then contact_id else csm_id end as owner_id,
        stage_position < stage or (stage_position = stage and r < 30) as done
      from rows
    )
    insert into journey_milestones (journey_id, stage_id, position, title, description, owner_side,
      owner_role, owner_user_id, required, due_on, status, completed_at, completed_by)
    select journey_id, stage_id, position, title, description, owner_side, owner_role, owner_id, required,
      case
        when done then least(started_on + due_offset_days, ${today} - 1)
        when stage_position = stage and r < 44 then ${today} - 1 - spread
        when stage_position = stage and r < 54 then ${today} + spread % ${DUE_WITHIN_DAYS + 1}::int
        when stage_position = stage then ${today} + 3 + spread * 6
        when r < 3 then ${today} - 1 - spread
        else greatest(started_on + due_offset_days, ${today} + 7 + spread)
      end,
      case when done then 'done' else 'open' end,
      case
        when stage_position < stage then (least(started_on + due_offset_days, ${today} - 1) + time '15:00') at time zone 'UTC'
        when done then ${now} - make_interval(days => 1 + r % 10)
      end,
      case when done then owner_id end
    from shaped`,
  );

  await step(
    "journey_resources",
    sql`
    insert into journey_resources (milestone_id, position, title, url, kind, minutes)
    select jm.id, pr.position, pr.title, pr.url, pr.kind, pr.minutes
    from bench_accounts b
    join journey_stages js on js.journey_id = b.journey_id
    join playbook_stages ps on ps.playbook_id = ${playbookId}::uuid and ps.position = js.position
    join playbook_milestones pm on pm.stage_id = ps.id
    join journey_milestones jm on jm.stage_id = js.id and jm.position = pm.position
    join playbook_resources pr on pr.milestone_id = pm.id
    where ${batch}`,
  );

  await refreshStatistics();
  await step("milestone_events (1-4 per done step)", eventsFor(batch));
  await recordNudges("earlier sweeps, done steps", doneNudges(batch));
  await recordNudges("last few days, open steps", recentNudges(batch));
  console.log(`  Seeded accounts ${fmt(lo)}..${fmt(hi)} in ${ms(performance.now() - t0)}`);
}

// The history below is drawn per step from `stepKey` (account index and title, unique in a
// journey), not from generated ids, so it too is the same on every run. `scope` may use m and b.
const stepKey = (salt: string) => sql`b.i || ':' || m.title || ${salt}::text`;

/** The events a done step leaves: its completion, and notes and changes before it. */
function eventsFor(scope: RawBuilder<unknown>) {
  return sql`
    insert into milestone_events (journey_id, milestone_id, kind, actor_id, at, data)
    select m.journey_id, m.id,
      case n when 0 then 'completed' when 1 then 'note' when 2 then 'owner_changed' else 'due_date_changed' end,
      m.completed_by, m.completed_at - make_interval(days => 2 * n),
      case n when 1 then jsonb_build_object('text', 'Checked in with the team about ' || m.title) else '{}'::jsonb end
    from journey_milestones m
    join bench_accounts b on b.journey_id = m.journey_id
    cross join generate_series(0, bench_roll(${stepKey(":events")}, 4)) n
    where m.status = 'done' and ${scope}`;
}

/** Each done step was nudged one to three times, three days apart, before it was done. */
function doneNudges(scope: RawBuilder<unknown>) {
  return sql`
    select m.id as milestone_id, m.owner_user_id as user_id, 'nudge_digest' as kind,
      (m.completed_at at time zone 'UTC')::date - 3 * k as day
    from journey_milestones m
    join bench_accounts b on b.journey_id = m.journey_id
    cross join generate_series(1, 1 + bench_roll(${stepKey(":nudges")}, 3)) k
    where m.status = 'done' and m.owner_user_id is not null and ${scope}`;
}

/**
 * A third of the steps due now were nudged yesterday (so the three-day rule holds them back) or
 * last Friday (so it does not); a third of long-overdue customer steps were escalated likewise.
 */
function recentNudges(scope: RawBuilder<unknown>) {
  const daysAgo = (key: RawBuilder<unknown>) => sql`${today} - case bench_roll(${key}, 2) when 0 then 1 else 4 end`;
  return sql`
    select m.id as milestone_id, m.owner_user_id as user_id, 'nudge_digest' as kind, ${daysAgo(stepKey(":day"))} as day
    from journey_milestones m
    join bench_accounts b on b.journey_id = m.journey_id
    where m.status = 'open' and m.owner_user_id is not null and m.due_on <= ${today} + ${DUE_WITHIN_DAYS}::int
      and bench_roll(${stepKey(":recent")}, 3) = 0 and ${scope}
    union all
    select m.id, b.csm_id, 'escalation', ${daysAgo(stepKey(":escalated-day"))}
    from journey_milestones m
    join bench_accounts b on b.journey_id = m.journey_id
    where m.status = 'open' and m.owner_side = 'customer'
      and m.due_on < ${today} - ${RULES.escalationDays}::int
      and bench_roll(${stepKey(":escalated")}, 3) = 0 and ${scope}`;
}

/**
 * Writes past digests as the sweep would have: one outbox row per person, kind and day, and a
 * nudged_milestones row per step in it. `nudges` yields (milestone_id, user_id, kind, day).
 * The nudges are staged in a table with statistics: joined back through a CTE, the planner
 * guesses one row and pairs every digest with every digest.
 */
async function recordNudges(label: string, nudges: RawBuilder<unknown>): Promise<void> {
  await sql`truncate bench_nudges`.execute(db);
  await step(
    `${label}: nudges`,
    sql`
    insert into bench_nudges (milestone_id, user_id, kind, day, dedupe_key)
    select n.milestone_id, n.user_id, n.kind, n.day, n.kind || ':' || n.user_id || ':' || n.day
    from (${nudges}) n`,
  );
  await sql`analyze bench_nudges`.execute(db);
  await step(
    `${label}: email_outbox`,
    sql`
    with digests as (
      select n.dedupe_key, n.kind, n.user_id, (n.day + time '14:00') at time zone 'UTC' as sent,
        case when count(distinct j.account_id) = 1 then (array_agg(j.account_id))[1] end as account_id,
        jsonb_build_object('items', jsonb_agg(jsonb_build_object(
          'milestoneId', m.id, 'title', m.title, 'dueOn', m.due_on, 'daysOverdue', n.day - m.due_on,
          'accountId', j.account_id) order by m.due_on)) as payload
      from bench_nudges n
      join journey_milestones m on m.id = n.milestone_id
      join journeys j on j.id = m.journey_id
      group by n.dedupe_key, n.kind, n.user_id, n.day
    )
    insert into email_outbox (dedupe_key, kind, recipient_user_id, to_email, account_id, payload,
      status, attempts, created_at, sent_at, updated_at)
    select d.dedupe_key, d.kind, d.user_id, u.email, d.account_id, d.payload,
      'delivered', 1, d.sent, d.sent + interval '1 minute', d.sent + interval '5 minutes'
    from digests d join users u on u.id = d.user_id
    -- An earlier batch may have written this person's digest for that day; the nudges join it.
    on conflict (dedupe_key) do nothing`,
  );
  await step(
    `${label}: nudged_milestones`,
    sql`
    insert into nudged_milestones (outbox_id, user_id, milestone_id, nudged_at)
    select o.id, n.user_id, n.milestone_id, o.created_at
    from bench_nudges n join email_outbox o on o.dedupe_key = n.dedupe_key
    on conflict do nothing`,
  );
}

/**
 * Only the past grows: every done step gains nine done predecessors (recurring check-ins from
 * earlier cycles) with their events and nudges, and every step due now gains nine old nudges,
 * which sit in the same nudged_milestones index range the three-day rule reads.
 */
async function growHistory(): Promise<void> {
  console.log(`  Growing the history ${HISTORY_GROWTH}x (accounts and open steps unchanged)`);
  const t0 = performance.now();
  await step(
    "journey_milestones (done, earlier cycles)",
    sql`
    insert into journey_milestones (journey_id, stage_id, position, title, description, owner_side,
      owner_role, owner_user_id, required, due_on, status, completed_at, completed_by)
    select m.journey_id, m.stage_id, m.position + 100 * k, m.title || ' (cycle -' || k || ')', m.description,
      m.owner_side, m.owner_role, m.owner_user_id, m.required, m.due_on - 30 * k, 'done',
      m.completed_at - make_interval(days => 30 * k), m.completed_by
    from journey_milestones m
    cross join generate_series(1, ${HISTORY_GROWTH - 1}::int) k
    where m.status = 'done' and m.position < 100`,
  );
  await refreshStatistics();
  const earlierCycles = sql`m.position > 100`;
  await step("milestone_events (earlier cycles)", eventsFor(earlierCycles));
  await recordNudges("earlier cycles", doneNudges(earlierCycles));
  await recordNudges(
    "old nudges, open steps",
    sql`
    select m.id as milestone_id, m.owner_user_id as user_id, 'nudge_digest' as kind, ${today} - 4 - 3 * k as day
    from journey_milestones m
    cross join generate_series(1, ${HISTORY_GROWTH - 1}::int) k
    where m.status = 'open' and m.owner_user_id is not null and m.due_on <= ${today} + ${DUE_WITHIN_DAYS}::int`,
  );
  console.log(`  Grew the history in ${ms(performance.now() - t0)}`);
}

/**
 * The history statements join the rows just loaded. Planned on the statistics from before the
 * load, the planner expects a handful of them and picks a nested loop that runs for many minutes.
 */
async function refreshStatistics(): Promise<void> {
  await sql`analyze bench_accounts, journey_milestones`.execute(db);
}

/** Bulk loads leave no statistics and no visibility map; autovacuum would fix both in production. */
async function settle(): Promise<void> {
  const t0 = performance.now();
  await sql`vacuum analyze`.execute(db);
  console.log(`    ${"vacuum analyze".padEnd(44)} ${"".padStart(15)} ${ms(performance.now() - t0).padStart(9)}`);
}

// ---------------------------------------------------------------------------------------------
// Measuring.

interface Counts {
  accounts: number;
  milestones: number;
  done: number;
  due: number;
  events: number;
  outbox: number;
  nudged: number;
}

interface Measurement extends Counts {
  label: string;
  firstMs: number;
  medianMs: number;
  digests: number;
  escalations: number;
  items: number;
  plans: string[];
}

async function countRows(): Promise<Counts> {
  // "due" restates the sweep's candidate rule for display: open, in a reached stage of a running
  // journey of an active account, due within two days or overdue in the account's calendar.
  // Counts are bigint; createDb's parser already turns them into numbers.
  const { rows } = await sql<Counts>`
    select
      (select count(*) from accounts) as accounts,
      (select count(*) from journey_milestones) as milestones,
      (select count(*) from journey_milestones where status = 'done') as done,
      (select count(*) from journey_milestones m
        join journeys j on j.id = m.journey_id
        join journey_stages s on s.id = m.stage_id
        join accounts a on a.id = j.account_id
        where m.status = 'open' and j.completed_at is null and a.status = 'active'
          and s.position <= j.current_stage_position
          and (${now} at time zone a.timezone)::date - m.due_on >= ${-DUE_WITHIN_DAYS}::int) as due,
      (select count(*) from milestone_events) as events,
      (select count(*) from email_outbox) as outbox,
      (select count(*) from nudged_milestones) as nudged`.execute(db);
  return rows[0];
}

/**
 * Removes what a sweep at NOW queued, and its delivery jobs, so every run starts from the same
 * state: without it the daily dedupe key would turn the second run into a near no-op.
 */
async function undoSweep(): Promise<void> {
  await sql`delete from email_outbox where created_at = ${now} and kind in ('nudge_digest', 'escalation')`.execute(db);
  // The seeded history is written without jobs, so every job here is one a sweep queued.
  await sql`select graphile_worker.complete_jobs(array(select id from graphile_worker.jobs))`.execute(db);
  await sql`vacuum email_outbox, nudged_milestones`.execute(db);
}

/**
 * The plans of the sweep's own statements, as executed, through auto_explain on a connection of
 * its own: nothing is copied from the sweep, so the plans cannot drift from what it runs.
 * Needs a superuser (LOAD); without one the plans are skipped and the timings still stand.
 */
async function explainSweep(url: string): Promise<string[]> {
  const explained = createDb(url, 1);
  const plans: string[] = [];
  poolOf(explained).on("connect", (client) => {
    client.on("notice", (n) => {
      if (n.message?.startsWith("duration:")) plans.push(n.message);
    });
  });
  try {
    await sql`load 'auto_explain'`.execute(explained);
    for (const setting of [
      "auto_explain.log_min_duration = 0",
      "auto_explain.log_analyze = on",
      "auto_explain.log_buffers = on",
      "auto_explain.log_timing = on",
      "auto_explain.log_nested_statements = off",
      "auto_explain.log_level = notice",
    ]) {
      await sql.raw(`set ${setting}`).execute(explained);
    }
    await runNudgeSweep(explained, NOW, RULES);
    await undoSweep();
    return plans.map(planOnly);
  } catch (e) {
    console.log(`  (no plans: ${(e as Error).message})`);
    return [];
  } finally {
    await explained.destroy();
  }
}

/** auto_explain repeats the statement text before the plan; keep the plan. */
function planOnly(message: string): string {
  const lines = message.split("\n");
  const first = lines.findIndex((l, i) => i > 0 && /\(cost=|\(actual /.test(l));
  const duration = lines[0].match(/duration: ([\d.]+ ms)/)?.[1] ?? "";
  return [`(statement took ${duration} with instrumentation)`, ...lines.slice(first === -1 ? 1 : first)].join("\n");
}

/** The lines that matter: how each table is read, and whether anything that grows with history is scanned whole. */
function summarisePlans(plans: string[]): { lines: string[]; verdict: string[] } {
  const all = plans.join("\n");
  const lines = all
    .split("\n")
    .filter((l) => /statement took|Scan (on|using) |Index Cond/.test(l))
    .map((l) => l.replace(/^\s*->\s*/, "").trimEnd())
    .map((l) => (l.startsWith("Index Cond") ? `    ${l.trim()}` : l.trimStart()));
  const verdict: string[] = [];
  const uses = (index: string) => new RegExp(`(on|using) ${index}\\b`).test(all);
  // Either index keeps done steps out: the partial one holds only open rows, and the
  // (journey_id, status) one is read with status = 'open' in its condition.
  verdict.push(
    uses("journey_milestones_open_due_idx")
      ? "OK  open steps are read through the partial index journey_milestones_open_due_idx"
      : /journey_milestones_journey_idx.*\n\s*Index Cond: \(\(journey_id = \w+\.id\) AND \(status = 'open'/.test(all)
        ? "--  open steps are read per journey through journey_milestones_journey_idx (status = 'open' in the index condition), not through journey_milestones_open_due_idx"
        : "!!  open steps are read through neither journey_milestones_open_due_idx nor an open-only index condition",
  );
  verdict.push(
    uses("nudged_milestones_recent_idx")
      ? "OK  the three-day rule reads nudged_milestones_recent_idx"
      : "!!  nudged_milestones_recent_idx is not used",
  );
  const history = [
    ...all.matchAll(/Seq Scan on (journey_milestones|milestone_events|email_outbox|nudged_milestones)\b/g),
  ].map((m) => m[1]);
  verdict.push(
    history.length
      ? `!!  sequential scan of a table that grows with history: ${[...new Set(history)].join(", ")}`
      : "OK  no sequential scan of journey_milestones, milestone_events, email_outbox or nudged_milestones",
  );
  // A whole table read again for every row of another is a cost that grows with its square.
  for (const m of all.matchAll(/Seq Scan on (\w+)(?: \w+)? +\(cost.*actual time=\S+ rows=([\d.]+) loops=(\d+)/g)) {
    const [, table, rows, loops] = m;
    if (Number(loops) > 10 && Number(rows) > 100) {
      verdict.push(
        `!!  ${table} (${fmt(Math.round(Number(rows)))} rows) is scanned whole ${fmt(Number(loops))} times by a nested loop: quadratic in the portfolio size`,
      );
    }
  }
  return { lines, verdict };
}

async function measure(label: string, url: string): Promise<Measurement> {
  const counts = await countRows();
  console.log(`\n== ${label}`);
  console.log(
    `  ${fmt(counts.accounts)} accounts, ${fmt(counts.milestones)} milestones (${fmt(counts.done)} done), ` +
      `${fmt(counts.due)} open and due within ${DUE_WITHIN_DAYS} days or overdue in reached stages`,
  );
  console.log(
    `  history: ${fmt(counts.events)} milestone_events, ${fmt(counts.outbox)} email_outbox, ${fmt(counts.nudged)} nudged_milestones`,
  );
  // The first sweep after a load reads cold pages; later ones show the steady hourly cost.
  // A sweep that takes many seconds is not noise-bound: one more run is enough to time it.
  const times: number[] = [];
  let queued: QueuedNudge[] = [];
  for (let run = 0; run <= (times[0] > 10_000 ? 1 : TIMED_RUNS); run++) {
    const t0 = performance.now();
    queued = await runNudgeSweep(db, NOW, RULES);
    times.push(performance.now() - t0);
    await undoSweep();
  }
  const steady = times.slice(1).sort((a, b) => a - b);
  const result: Measurement = {
    ...counts,
    label,
    firstMs: times[0],
    medianMs: steady[Math.floor(steady.length / 2)],
    digests: queued.filter((q) => q.kind === "nudge_digest").length,
    escalations: queued.filter((q) => q.kind === "escalation").length,
    items: queued.reduce((sum, q) => sum + q.items, 0),
    plans: [],
  };
  console.log(
    `  sweep: first ${ms(result.firstMs)}, then ${steady.map(ms).join(", ")} (median ${ms(result.medianMs)}); ` +
      `queued ${fmt(result.digests)} digests and ${fmt(result.escalations)} escalations, ${fmt(result.items)} items`,
  );
  result.plans = await explainSweep(url);
  if (result.plans.length) {
    const { lines, verdict } = summarisePlans(result.plans);
    console.log("  EXPLAIN (ANALYZE, BUFFERS) of the sweep's two statements, scans only:");
    for (const l of lines) console.log(`    ${l}`);
    for (const v of verdict) console.log(`  ${v}`);
  }
  return result;
}

function printTable(results: Measurement[]): void {
  const head = [
    "run",
    "accounts",
    "milestones",
    "done",
    "due now",
    "events",
    "outbox",
    "nudged",
    "first ms",
    "median ms",
    "digests",
    "escalations",
  ];
  const body = results.map((r) => [
    r.label,
    fmt(r.accounts),
    fmt(r.milestones),
    fmt(r.done),
    fmt(r.due),
    fmt(r.events),
    fmt(r.outbox),
    fmt(r.nudged),
    r.firstMs.toFixed(0),
    r.medianMs.toFixed(0),
    fmt(r.digests),
    fmt(r.escalations),
  ]);
  const widths = head.map((h, c) => Math.max(h.length, ...body.map((row) => row[c].length)));
  const line = (cells: string[]) =>
    cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  ");
  console.log(`\n${line(head)}\n${line(widths.map((w) => "-".repeat(w)))}`);
  for (const row of body) console.log(line(row));
}

const fmt = (n: number) => n.toLocaleString("en-US");
const ms = (t: number) => `${t.toFixed(t < 100 ? 1 : 0)} ms`;

// ---------------------------------------------------------------------------------------------

async function main(args: string[]): Promise<number> {
  const options = parseArgs(args);
  const small = Math.round(options.accounts / 10);
  const server = await openServer();
  const adminUrl = withDatabase(server.url, "postgres");
  const scratch = `waypoint_bench_${process.pid}`;
  const scratchUrl = withDatabase(server.url, scratch);
  console.log(
    `Server: ${redactUrl(adminUrl)}` +
      (server.embedded ? ` (embedded${server.embedded.shared ? ", shared with the running app" : ""})` : ""),
  );
  if (server.embedded) await dropOrphans(adminUrl);
  const leftBehind = server.embedded
    ? "the next `npm run bench:nudges` drops it"
    : `drop it by hand: DROP DATABASE ${scratch}`;

  await adminQuery(adminUrl, `create database ${scratch}`);
  cleanups.push({
    label: `drop the scratch database ${scratch} (${leftBehind})`,
    run: async () => {
      await adminQuery(adminUrl, `drop database if exists ${scratch} with (force)`);
      console.log(`Dropped the scratch database ${scratch}.`);
    },
  });
  db = createDb(scratchUrl, 2);
  cleanups.push({
    label: "close the connection pool",
    // A statement cut short by Ctrl-C keeps its connection; the forced drop ends it.
    run: () => Promise.race([db.destroy(), sleep(3000)]),
  });
  console.log(`Scratch database: ${scratch}`);

  let t0 = performance.now();
  await migrateToLatest(db);
  await probeFastLoad();
  const playbookId = await prepareScratch();
  console.log(`  Migrated and seeded the "${demoPlaybook().name}" playbook in ${ms(performance.now() - t0)}`);

  const results: Measurement[] = [];
  t0 = performance.now();
  await seedAccounts(playbookId, 1, small);
  await settle();
  results.push(await measure(`${fmt(small)} accounts`, scratchUrl));

  await seedAccounts(playbookId, small + 1, options.accounts);
  await settle();
  results.push(await measure(`${fmt(options.accounts)} accounts`, scratchUrl));

  await growHistory();
  await settle();
  results.push(await measure(`${fmt(options.accounts)}, history x${HISTORY_GROWTH}`, scratchUrl));

  console.log(
    `\nSweep at ${NOW.toISOString()}, rules ${JSON.stringify(RULES)}. "first" is the cold run after loading; ` +
      `"median" is of the ${TIMED_RUNS} runs after it (1 when a sweep takes over 10 s).`,
  );
  printTable(results);
  if (options.plans) {
    for (const r of results) {
      r.plans.forEach((plan, i) => {
        console.log(`\n--- ${r.label}: ${i === 0 ? "owner digests" : "escalations"} ---\n${plan}`);
      });
    }
  }
  console.log(`\nTotal ${ms(performance.now() - t0)} from the first seeded account.`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => exitAfterCleanup(code),
  (e) => {
    if (!interruptedAt) console.error(e instanceof EnvError ? e.message : `The benchmark failed: ${e?.stack ?? e}`);
    return exitAfterCleanup(interruptedAt ? 130 : 1);
  },
);
