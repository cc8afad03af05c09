// `npm run bench:insights [-- --accounts 10000]`: seeds a throwaway database with accounts of 30
// milestones each and a year of history (set-based inserts), then times each insights panel's query.
// Embedded Postgres by default; the server of DATABASE_URL when set (a scratch database on it).
import { performance } from "node:perf_hooks";
import { sql } from "kysely";
import type { Actor } from "../app/modules/accounts/access.server";
import { compareVersions } from "../app/modules/insights/compare-versions.server";
import { getAccountHealth } from "../app/modules/insights/get-account-health.server";
import { getBottleneckMilestones } from "../app/modules/insights/get-bottleneck-milestones.server";
import { getDelayBySide } from "../app/modules/insights/get-delay-by-side.server";
import { getStageFunnel } from "../app/modules/insights/get-stage-funnel.server";
import { getTimeToFirstValue } from "../app/modules/insights/get-time-to-first-value.server";
import { getVoiceOfCustomer } from "../app/modules/insights/get-voice-of-customer.server";
import type { InsightsFilter } from "../app/modules/insights/insights-filter";
import { refreshKeptInsights } from "../app/modules/insights/kept-rows.server";
import { importPlaybook } from "../app/modules/playbooks/import-playbook.server";
import { type PlaybookDocumentInput, playbookDocumentSchema } from "../app/modules/playbooks/playbook-document";
import { publishPlaybook } from "../app/modules/playbooks/publish-playbook.server";
import { getPortfolio } from "../app/modules/portfolio/get-portfolio.server";
import { seedPlaybook } from "../app/server/demo/seed-playbook";
import type { DB } from "../app/utils/db.server";
import { openBenchDatabase, runBench } from "./bench-database";

const NOW = new Date("2026-12-01T09:00:00Z");
const CSMS = 20;
const ROUNDS = 5;
const PANEL_GOAL_MS = 300;
const PAGE_GOAL_MS = 1000;
/** The figures that keep per-journey rows (ADR 044). */
const KEPT = ["Bottleneck milestones", "Delay by side"];
const EXPECTED = [7, 14, 21, 30, 60];
const VENDOR = ["onboarding", "csm", "support"] as const;

/** Five stages of six milestones: thirty, each stage's last one optional; the ninth marks first value. */
function benchPlaybook(version: 1 | 2): PlaybookDocumentInput {
  let offset = 0;
  return {
    name: "Bench playbook",
    description: "",
    stages: EXPECTED.map((expected, s) => {
      const days = version === 2 && s === 1 ? expected - 4 : expected;
      const stage = {
        key: `stage-${s + 1}`,
        name: `Stage ${s + 1}`,
        description: "",
        expectedDays: days,
        milestones: Array.from({ length: 6 }, (_, i) => {
          const n = s * 6 + i + 1;
          const vendor = n % 2 === 0;
          return {
            key: `m-${n}`,
            title: `Milestone ${n}`,
            ownerSide: vendor ? ("vendor" as const) : ("customer" as const),
            ownerRole: vendor ? VENDOR[n % 3] : ("champion" as const),
            dueOffsetDays: offset + Math.round(((i + 1) * days) / 6),
            required: i < 5,
            firstValue: n === 9,
          };
        }),
      };
      offset += days;
      return stage;
    }),
  };
}

async function seed(db: DB, accounts: number): Promise<void> {
  const playbookId = await seedPlaybook(db, benchPlaybook(1), new Date("2025-11-01T00:00:00Z"));
  await importPlaybook(db, playbookDocumentSchema.parse(benchPlaybook(2)));
  await publishPlaybook(db, { playbookId, note: "Shorter stage 2." }, new Date("2026-05-01T00:00:00Z"));
  const run = (q: ReturnType<typeof sql>) => q.execute(db);
  await run(sql`insert into users (email, name, role, team_function)
    select 'csm' || g || '@bench.example', 'CSM ' || g, 'csm', 'csm' from generate_series(1, ${CSMS}) g
    union all select 'onboarding@bench.example', 'Onboarding', 'csm', 'onboarding'
    union all select 'support@bench.example', 'Support', 'csm', 'support'`);
  // A year of starts; about 2% paused now; a segment each.
  await run(sql`insert into accounts (name, csm_id, started_on, timezone, segment, status, paused_at)
    select 'Bench ' || g,
      (select id from users where email = 'csm' || (1 + g % ${CSMS}) || '@bench.example'),
      ${NOW}::date - (g * 7919 % 365), 'UTC', (array['smb', 'mid', 'enterprise'])[1 + g % 3],
      case when g % 50 = 0 then 'paused' else 'active' end,
      case when g % 50 = 0 then ${NOW}::timestamptz - interval '6 days' end
    from generate_series(1, ${accounts}) g`);
  await run(sql`insert into users (email, name, role, account_id)
    select 'c.' || a.id || '@customer.example', 'Contact of ' || a.name, 'customer', a.id from accounts a`);
  // Journeys before 2026-05 run version 1, later ones version 2.
  await run(sql`insert into journeys (account_id, playbook_id, playbook_version_id, playbook_name, started_on)
    select a.id, v.playbook_id, v.id, 'Bench playbook', a.started_on
    from accounts a join playbook_versions v
      on v.number = case when a.started_on < date '2026-05-01' then 1 else 2 end`);
  await run(sql`insert into journey_stages (journey_id, position, name, playbook_key)
    select j.id, s.position, s.name, s.key from journeys j
    join playbook_version_stages s on s.version_id = j.playbook_version_id`);
  // Each step is closed some days from its date (-4 .. +10); a quarter of journeys stall on a day of their own.
  // One step in 33 is not applicable.
  await run(sql`
    insert into journey_milestones (journey_id, stage_id, position, playbook_key, title, owner_side, owner_role,
      owner_user_id, required, due_on, status, completed_at, not_applicable_reason)
    select x.journey_id, x.stage_id, x.position, x.key, x.title, x.owner_side, x.owner_role, x.owner_user_id,
      x.required, x.due_on,
      case when x.na then 'not_applicable' when x.closed then 'done' else 'open' end,
      case when x.closed and not x.na then (x.due_on + x.slip)::timestamp + interval '10 hours' end,
      case when x.na then 'Bench' end
    from (
      select j.id as journey_id, js.id as stage_id, pm.position, pm.key, pm.title, pm.owner_side, pm.owner_role,
        case when pm.owner_side = 'customer' then c.id when pm.owner_role = 'csm' then a.csm_id
          else (select id from users where email = pm.owner_role || '@bench.example') end as owner_user_id,
        pm.required, j.started_on + pm.due_offset_days as due_on,
        abs(hashtext(j.id::text || pm.key)) % 15 - 4 as slip,
        abs(hashtext(j.id::text || pm.key)) % 33 = 0 as na,
        j.started_on + pm.due_offset_days + abs(hashtext(j.id::text || pm.key)) % 15 - 4
          < least(${NOW}::date, case when abs(hashtext(j.id::text)) % 4 = 0
            then j.started_on + abs(hashtext(j.id::text)) % 120 else ${NOW}::date end) as closed
      from journeys j
      join accounts a on a.id = j.account_id
      join users c on c.account_id = a.id
      join playbook_version_milestones pm on pm.version_id = j.playbook_version_id
      join journey_stages js on js.journey_id = j.id and js.position = pm.stage_position
    ) x`);
  // A stage is entered when every required step before it is closed, at the last closing.
  await run(sql`
    with closes as (
      select s.journey_id, s.position,
        bool_and(m.status <> 'open') filter (where m.required) as closed,
        max(coalesce(m.completed_at, m.due_on + interval '10 hours')) filter (where m.required) as closed_at
      from journey_stages s join journey_milestones m on m.stage_id = s.id
      group by s.journey_id, s.position
    ),
    entry as (
      select c.journey_id, c.position,
        case when c.position = 1 then j.started_on + interval '9 hours'
          when bool_and(p.closed) then max(p.closed_at) end as entered_at
      from closes c join journeys j on j.id = c.journey_id
      left join closes p on p.journey_id = c.journey_id and p.position < c.position
      group by c.journey_id, c.position, j.started_on
    )
    update journey_stages s set entered_at = e.entered_at
    from entry e where e.journey_id = s.journey_id and e.position = s.position`);
  await run(sql`
    update journeys j set current_stage_position = x.current,
      completed_at = case when x.all_closed then x.last_closed end
    from (
      select s.journey_id, max(s.position) filter (where s.entered_at is not null) as current,
        bool_and(m.status <> 'open') filter (where m.required) as all_closed,
        max(coalesce(m.completed_at, m.due_on + interval '10 hours')) filter (where m.required) as last_closed
      from journey_stages s join journey_milestones m on m.stage_id = s.id
      group by s.journey_id
    ) x where x.journey_id = j.id`);
  await run(sql`
    insert into stage_transitions (journey_id, stage_id, from_stage_id, entered_at)
    select s.journey_id, s.id, p.id, s.entered_at from journey_stages s
    left join journey_stages p on p.journey_id = s.journey_id and p.position = s.position - 1
    where s.entered_at is not null`);
  // Events: every closing; one late step in twenty handed to Support two days after its date;
  // one done step in fifty completed, reopened and completed again.
  await run(sql`
    insert into milestone_events (journey_id, milestone_id, kind, at, data)
    select journey_id, id, 'completed', completed_at - interval '3 days', '{}'::jsonb from journey_milestones
      where status = 'done' and abs(hashtext(id::text)) % 50 = 0
    union all
    select journey_id, id, 'reopened', completed_at - interval '2 days', '{}'::jsonb from journey_milestones
      where status = 'done' and abs(hashtext(id::text)) % 50 = 0
    union all
    select journey_id, id, 'completed', completed_at, '{}'::jsonb from journey_milestones where status = 'done'
    union all
    select journey_id, id, 'not_applicable', due_on + interval '10 hours', '{"reason":"Bench"}'::jsonb
      from journey_milestones where status = 'not_applicable'
    union all
    select m.journey_id, m.id, 'owner_changed', m.due_on + interval '2 days 10 hours',
      jsonb_build_object('from', m.owner_user_id, 'to', (select id from users where email = 'support@bench.example'))
    from journey_milestones m
    where abs(hashtext(m.id::text)) % 20 = 1 and m.due_on + 2 < coalesce(m.completed_at::date, ${NOW}::date)`);
  // One account in twenty paused for ten days, three weeks in; the ones paused now since six days ago.
  await run(sql`
    insert into account_events (account_id, kind, at, data)
    select a.id, 'status_changed', a.started_on + 21 + interval '10 hours', '{"from":"active","to":"paused"}'::jsonb
      from accounts a where abs(hashtext(a.id::text)) % 20 = 0 and a.started_on + 31 < ${NOW}::date
    union all
    select a.id, 'status_changed', a.started_on + 31 + interval '10 hours', '{"from":"paused","to":"active"}'::jsonb
      from accounts a where abs(hashtext(a.id::text)) % 20 = 0 and a.started_on + 31 < ${NOW}::date
    union all
    select a.id, 'status_changed', a.paused_at, '{"from":"active","to":"paused"}'::jsonb from accounts a where a.status = 'paused'`);
  // A third of accounts answer each stage they finished; a quarter of those past stage 3 give an NPS.
  await run(sql`
    insert into pulse_answers (journey_id, stage_id, user_id, question, score, feeling, answered_at)
    select s.journey_id, s.id, c.id, 'stage', 1 + abs(hashtext(s.id::text)) % 5,
      (array['frustrated', 'confused', 'neutral', 'confident', 'delighted'])[1 + abs(hashtext(s.id::text)) % 5],
      n.entered_at + interval '1 day'
    from journey_stages s
    join journey_stages n on n.journey_id = s.journey_id and n.position = s.position + 1 and n.entered_at is not null
    join journeys j on j.id = s.journey_id
    join users c on c.account_id = j.account_id
    where abs(hashtext(j.id::text)) % 3 = 0
    union all
    select s.journey_id, s.id, c.id, 'nps', abs(hashtext(s.id::text)) % 11, null, s.entered_at + interval '2 days'
    from journey_stages s
    join journeys j on j.id = s.journey_id
    join users c on c.account_id = j.account_id
    where s.position = 3 and s.entered_at is not null and abs(hashtext(j.id::text)) % 4 = 0`);
  await run(sql`analyze`);
}

type Panel = [string, (db: DB, actor: Actor, filter: InsightsFilter) => Promise<unknown>];

const PANELS: Panel[] = [
  ["Stage funnel", (db, a, f) => getStageFunnel(db, a, f, NOW)],
  ["Health per account", (db, a, f) => getAccountHealth(db, a, f, NOW)],
  ["Time to first value", (db, a, f) => getTimeToFirstValue(db, a, f, NOW)],
  ["Bottleneck milestones", (db, a, f) => getBottleneckMilestones(db, a, f, NOW)],
  ["Delay by side", (db, a, f) => getDelayBySide(db, a, f, NOW)],
  ["Voice of the customer", (db, a, f) => getVoiceOfCustomer(db, a, f, NOW)],
];

async function best(f: () => Promise<unknown>): Promise<number> {
  let min = Number.POSITIVE_INFINITY;
  await f(); // warm
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now();
    await f();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}

const fmt = (ms: number, goal: number) => `${ms.toFixed(0).padStart(5)} ms ${ms <= goal ? "ok" : `OVER ${goal} ms`}`;

async function main(args: string[]): Promise<number> {
  const i = args.indexOf("--accounts");
  const accounts = i >= 0 ? Number(args[i + 1]) : 10_000;
  // --keep leaves the seeded database for reading plans; --reuse <name> measures it again without seeding.
  const keep = args.includes("--keep");
  const r = args.indexOf("--reuse");
  const reuse = r >= 0 ? args[r + 1] : null;
  if (
    !Number.isInteger(accounts) ||
    accounts < 10 ||
    (reuse !== null && !/^waypoint_bench_insights_\d+$/.test(reuse))
  ) {
    console.error("Usage: npm run bench:insights [-- --accounts 10000] [--keep | --reuse waypoint_bench_insights_N]");
    return 2;
  }
  const bench = await openBenchDatabase("insights", { reuse });
  const { db } = bench;
  try {
    const t0 = performance.now();
    if (!reuse) await seed(db, accounts);
    const counts = await sql<{ accounts: number; milestones: number; events: number; answers: number }>`
      select (select count(*) from accounts)::int as accounts, (select count(*) from journey_milestones)::int as milestones,
        (select count(*) from milestone_events)::int as events, (select count(*) from pulse_answers)::int as answers`
      .execute(db)
      .then((r) => r.rows[0]);
    console.log(
      `Seeded ${counts.accounts} accounts, ${counts.milestones} milestones, ${counts.events} milestone events, ` +
        `${counts.answers} pulse answers in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    const admin = await db
      .insertInto("users")
      .values({ email: `admin.${Date.now()}@bench.example`, name: "Bench admin", role: "admin" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const csm = await db
      .selectFrom("users")
      .select("id")
      .where("email", "=", "csm1@bench.example")
      .executeTakeFirstOrThrow();
    const versions = await db.selectFrom("playbook_versions").select(["id", "playbook_id"]).orderBy("number").execute();
    // Kept rows (ADR 044): first the two figures with none kept, then the refresh the worker runs,
    // then every panel as a page reads it once its journeys are kept fresh.
    await db.deleteFrom("insight_fresh").execute();
    const adminActor: Actor = { id: admin.id, role: "admin", accountId: null };
    console.log("\nadmin, every account, nothing kept (every journey computed from its steps):");
    for (const [name, panel] of PANELS.filter(([n]) => KEPT.includes(n))) {
      console.log(`  ${name.padEnd(24)} ${fmt(await best(() => panel(db, adminActor, {})), PANEL_GOAL_MS)}`);
    }
    const t1 = performance.now();
    const refreshed = await refreshKeptInsights(db, NOW);
    console.log(
      `\nRefresh of the kept rows: ${refreshed.journeys} journeys in ${refreshed.batches} batches, ` +
        `${((performance.now() - t1) / 1000).toFixed(1)} s`,
    );
    const oneWrite = await best(async () => {
      await sql`update journey_milestones set due_on = due_on where id = (select id from journey_milestones limit 1)`.execute(
        db,
      );
      await refreshKeptInsights(db, NOW);
    });
    console.log(`Refresh after one step changed: ${oneWrite.toFixed(0)} ms`);
    const views: [string, Actor][] = [
      ["admin, every account", { id: admin.id, role: "admin", accountId: null }],
      ["one CSM's accounts", { id: csm.id, role: "csm", accountId: null }],
    ];
    for (const [label, actor] of views) {
      console.log(`\n${label}, kept rows fresh (best of ${ROUNDS}):`);
      let sum = 0;
      for (const [name, panel] of PANELS) {
        const ms = await best(() => panel(db, actor, {}));
        sum += ms;
        console.log(`  ${name.padEnd(24)} ${fmt(ms, PANEL_GOAL_MS)}`);
      }
      console.log(`  ${"All six, one after another".padEnd(24)} ${fmt(sum, PAGE_GOAL_MS)}`);
      const together = await best(() => Promise.all(PANELS.map(([, p]) => p(db, actor, {}))));
      console.log(`  ${"All six, concurrently".padEnd(24)} ${fmt(together, PAGE_GOAL_MS)}`);
      // The portfolio reads each account's health through the same SQL (ADR 042), in its one statement.
      const portfolio = await best(() => getPortfolio(db, actor, {}, NOW));
      console.log(`  ${"Portfolio rows (/csm)".padEnd(24)} ${fmt(portfolio, PANEL_GOAL_MS)}`);
    }
    const compared = await best(() =>
      compareVersions(
        db,
        views[0][1],
        { playbookId: versions[0].playbook_id, versionA: versions[0].id, versionB: versions[1].id },
        NOW,
      ),
    );
    console.log(`\nVersions compared (admin, both versions, all panels): ${fmt(compared, PAGE_GOAL_MS)}`);

    // The kept rows must give the answers the steps give: both figures, both views, four filters.
    const filters: InsightsFilter[] = [
      {},
      { playbookId: versions[0].playbook_id, versionId: versions[1].id },
      { segment: "mid", cohort: "2026-06" },
      { periodFrom: "2026-09-01", periodTo: "2026-11-30" },
    ];
    const answers = async () => {
      const out: string[] = [];
      for (const [, actor] of views) {
        for (const f of filters) {
          for (const [, panel] of PANELS.filter(([n]) => KEPT.includes(n))) {
            out.push(JSON.stringify(await panel(db, actor, f)));
          }
        }
      }
      return out;
    };
    await refreshKeptInsights(db, NOW);
    const kept = await answers();
    await db.deleteFrom("insight_fresh").execute();
    const computed = await answers();
    const same = kept.filter((k, n) => k === computed[n]).length;
    console.log(`Kept rows and the steps give the same answers: ${same} of ${kept.length}`);
    return same === kept.length ? 0 : 1;
  } finally {
    await bench.close({ keep });
  }
}

runBench(main);
