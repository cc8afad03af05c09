// Voice of the customer (issue 13): CSAT by stage (mean and distribution of the stage question's
// 1-5 scores), NPS (score and shares), and feelings by stage: the journey map's emotion curve.
import { sql } from "kysely";
import { PULSE_FEELINGS, type PulseFeeling } from "#db/schema";
import type { Actor } from "~/modules/accounts/access.server";
import type { DB } from "~/utils/db.server";
import type { InsightsFilter } from "./insights-filter";
import { runInsightsQuery, scopedJourneys } from "./insights-scope.server";

export interface StageVoice {
  key: string;
  name: string;
  position: number;
  answers: number;
  /** Mean of the 1-5 scores; null without answers. */
  csatMean: number | null;
  /** Answers per score: index 0 is score 1 ... index 4 is score 5. */
  csatDistribution: [number, number, number, number, number];
  feelings: Record<PulseFeeling, number>;
  /** Mean of the feelings on the 1 (frustrated) .. 5 (delighted) scale; null without feelings. */
  feelingMean: number | null;
}

export interface Nps {
  answers: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** Shares of all NPS answers, 0..1; null without answers. */
  promoterShare: number | null;
  passiveShare: number | null;
  detractorShare: number | null;
  /** 100 x (promoters - detractors) / answers, -100..100; null without answers. */
  score: number | null;
}

export interface VoiceOfCustomer {
  stages: StageVoice[];
  nps: Nps;
}

/** Docs: docs/metrics.md § Voice of the customer. */
export async function getVoiceOfCustomer(
  db: DB,
  actor: Actor,
  filter: InsightsFilter,
  now: Date,
): Promise<VoiceOfCustomer> {
  const byFeeling = sql.join(PULSE_FEELINGS.map((f) => sql`count(*) filter (where feeling = ${sql.lit(f)})`));
  const feelingIndex = sql.join(
    PULSE_FEELINGS.map((f, i) => sql`when ${sql.lit(f)} then ${sql.lit(i + 1)}`),
    sql` `,
  );
  const rows = await runInsightsQuery(
    db,
    sql<{
      question: "stage" | "nps";
      key: string | null;
      name: string | null;
      position: number | null;
      answers: number;
      mean: number | null;
      by_score: number[];
      by_feeling: number[] | null;
      feeling_mean: number | null;
    }>`
    with scoped as (${scopedJourneys(actor, filter, now)}),
    answers as (
      select p.question, p.score, p.feeling, s.position, s.name,
        coalesce(s.playbook_key, 'position-' || s.position) as key
      from scoped sc
      join pulse_answers p on p.journey_id = sc.journey_id
      join journey_stages s on s.id = p.stage_id
    )
    select 'stage' as question, key, min(name) as name, min(position)::int as position, count(*)::int as answers,
      avg(score)::float8 as mean,
      array[count(*) filter (where score = 1), count(*) filter (where score = 2), count(*) filter (where score = 3),
        count(*) filter (where score = 4), count(*) filter (where score = 5)]::int[] as by_score,
      array[${byFeeling}]::int[] as by_feeling,
      avg(case feeling ${feelingIndex} end)::float8 as feeling_mean
    from answers where question = 'stage'
    group by key
    union all
    select 'nps', null, null, null, count(*)::int, null,
      array[count(*) filter (where score >= 9), count(*) filter (where score between 7 and 8),
        count(*) filter (where score <= 6)]::int[],
      null, null
    from answers where question = 'nps'
    order by 1 desc, 4`,
  );
  const stages: StageVoice[] = [];
  let nps: Nps = {
    answers: 0,
    promoters: 0,
    passives: 0,
    detractors: 0,
    promoterShare: null,
    passiveShare: null,
    detractorShare: null,
    score: null,
  };
  for (const r of rows) {
    if (r.question === "nps") {
      const [promoters, passives, detractors] = r.by_score;
      const n = r.answers;
      nps = {
        answers: n,
        promoters,
        passives,
        detractors,
        promoterShare: n ? promoters / n : null,
        passiveShare: n ? passives / n : null,
        detractorShare: n ? detractors / n : null,
        score: n ? (100 * (promoters - detractors)) / n : null,
      };
      continue;
    }
    const feelings = Object.fromEntries(PULSE_FEELINGS.map((f, i) => [f, r.by_feeling?.[i] ?? 0])) as Record<
      PulseFeeling,
      number
    >;
    stages.push({
      key: r.key ?? "",
      name: r.name ?? "",
      position: r.position ?? 0,
      answers: r.answers,
      csatMean: r.mean,
      csatDistribution: r.by_score as StageVoice["csatDistribution"],
      feelings,
      feelingMean: r.feeling_mean,
    });
  }
  return { stages, nps };
}
