// The insights panels as plain tables (issue 13): one shape the page renders, the CSV export
// writes and the browser test reads, so the three never disagree about a figure.
import { FEELING_LABELS, PULSE_FEELINGS } from "~/modules/pulse/pulse-rules";
import type { HealthSummary } from "./get-account-health.server";
import type { BottleneckMilestone } from "./get-bottleneck-milestones.server";
import type { DelayBySide } from "./get-delay-by-side.server";
import type { FunnelStage } from "./get-stage-funnel.server";
import type { FirstValueRow } from "./get-time-to-first-value.server";
import type { VoiceOfCustomer } from "./get-voice-of-customer.server";
import { HEALTH_LABELS } from "./health-rule";

export const INSIGHTS_PANELS = [
  "funnel",
  "health",
  "first-value",
  "bottlenecks",
  "delay",
  "csat",
  "nps",
  "feelings",
] as const;
export type InsightsPanel = (typeof INSIGHTS_PANELS)[number];

/** Where docs/metrics.md is served to staff. */
export const METRICS_DEFINITIONS_PATH = "/insights/definitions";

/** Each panel's definition: the id of its heading in docs/metrics.md as the definitions page renders it. */
export const PANEL_DEFINITIONS: Record<InsightsPanel, string> = {
  funnel: "stage-funnel",
  health: "health-per-account",
  "first-value": "time-to-first-value",
  bottlenecks: "bottleneck-milestones",
  delay: "delay-by-side",
  csat: "csat-by-stage",
  nps: "nps",
  feelings: "feelings-by-stage",
};

export interface InsightsTable {
  panel: InsightsPanel;
  title: string;
  caption: string;
  columns: string[];
  /** The first cell of each row is its header (th scope="row"). */
  rows: string[][];
}

export interface InsightsFigures {
  funnel: FunnelStage[];
  health: HealthSummary;
  firstValue: FirstValueRow[];
  bottlenecks: BottleneckMilestone[];
  delay: DelayBySide;
  voice: VoiceOfCustomer;
}

/** A figure as the tables write it: fixed digits, or "–" for none. The living map writes them the same way. */
export const formatFigure = (n: number | null, digits = 0) => (n === null ? "–" : n.toFixed(digits));
/** A share 0..1 as a whole percentage, or "–" for none. */
export const formatShare = (n: number | null) => (n === null ? "–" : `${Math.round(n * 100)}%`);
const num = formatFigure;
const pct = formatShare;

export function vendorFunctions(delay: DelayBySide): string[] {
  return Object.keys(delay.total.vendorByFunction).sort();
}

export function insightsTables(f: InsightsFigures): InsightsTable[] {
  const functions = vendorFunctions(f.delay);
  return [
    {
      panel: "funnel",
      title: "Stage funnel",
      caption:
        "Journeys that entered and completed each stage, and how long completed stays took (days, paused days left out)",
      columns: [
        "Stage",
        "Entered",
        "Completed",
        "Conversion",
        "Median days",
        "75th percentile days",
        "Expected days",
        "Over expected",
      ],
      rows: f.funnel.map((s) => [
        s.name,
        String(s.entered),
        String(s.completed),
        pct(s.conversion),
        num(s.medianDays, 1),
        num(s.p75Days, 1),
        num(s.expectedDays),
        String(s.overExpected),
      ]),
    },
    {
      panel: "health",
      title: "Health per account",
      caption: `Accounts still on their journey: ${f.health.counts.on_track} on track, ${f.health.counts.behind} behind, ${f.health.counts.stuck} stuck`,
      columns: ["Account", "Health", "Stage", "Days in stage", "Expected days", "Days since a step was done"],
      rows: f.health.accounts.map((a) => [
        a.accountName,
        HEALTH_LABELS[a.health],
        a.stageName,
        String(a.daysInStage),
        num(a.expectedDays),
        String(a.daysSinceDone),
      ]),
    },
    {
      panel: "first-value",
      title: "Time to first value",
      caption: "Days from the journey's start to its first-value milestone, by version and cohort (start month)",
      columns: ["Version and cohort", "Journeys", "Reached", "Not yet", "Median days", "75th percentile days"],
      rows: f.firstValue.map((r) => [
        `Version ${r.versionNumber}, ${r.cohort ?? "all cohorts"}`,
        String(r.journeys),
        String(r.reached),
        String(r.notReached),
        num(r.medianDays, 1),
        num(r.p75Days, 1),
      ]),
    },
    {
      panel: "bottlenecks",
      title: "Bottlenecks",
      caption: "Milestones by how often their completion was the last one before their stage moved on",
      columns: [
        "Milestone",
        "Stage",
        "Held its stage",
        "Stage exits",
        "Done",
        "On time",
        "Median days late",
        "Open and overdue",
      ],
      rows: f.bottlenecks.map((b) => [
        b.title,
        b.stageName,
        `${b.heldStage} (${pct(b.heldRate)})`,
        String(b.stageExits),
        String(b.done),
        `${b.onTime} (${pct(b.onTimeRate)})`,
        num(b.medianDaysLate, 1),
        String(b.openOverdue),
      ]),
    },
    {
      panel: "delay",
      title: "Delay by side",
      caption:
        "Overdue days of milestones owned by the customer and by the vendor, with the vendor's days by team function",
      columns: ["Account", "Customer days", "Vendor days", ...functions.map((fn) => `Vendor: ${fn}`)],
      rows: [
        ...f.delay.accounts.map((a) => [
          a.accountName,
          String(a.customerDays),
          String(a.vendorDays),
          ...functions.map((fn) => String(a.vendorByFunction[fn] ?? 0)),
        ]),
        [
          "All accounts",
          String(f.delay.total.customerDays),
          String(f.delay.total.vendorDays),
          ...functions.map((fn) => String(f.delay.total.vendorByFunction[fn] ?? 0)),
        ],
      ],
    },
    {
      panel: "csat",
      title: "CSAT by stage",
      caption: "Stage survey scores (1 to 5): answers, mean, and answers per score",
      columns: ["Stage", "Answers", "Mean", "Score 1", "Score 2", "Score 3", "Score 4", "Score 5"],
      rows: f.voice.stages.map((s) => [
        s.name,
        String(s.answers),
        num(s.csatMean, 2),
        ...s.csatDistribution.map(String),
      ]),
    },
    {
      panel: "nps",
      title: "NPS",
      caption: "Net promoter score: promoters (9–10) minus detractors (0–6), as a share of all answers",
      columns: ["Figure", "Value"],
      rows: [
        ["Answers", String(f.voice.nps.answers)],
        ["Score", num(f.voice.nps.score)],
        ["Promoters", `${f.voice.nps.promoters} (${pct(f.voice.nps.promoterShare)})`],
        ["Passives", `${f.voice.nps.passives} (${pct(f.voice.nps.passiveShare)})`],
        ["Detractors", `${f.voice.nps.detractors} (${pct(f.voice.nps.detractorShare)})`],
      ],
    },
    {
      panel: "feelings",
      title: "Feelings by stage",
      caption: "How customers said they felt in each stage, and the mean on a 1 (frustrated) to 5 (delighted) scale",
      columns: ["Stage", ...PULSE_FEELINGS.map((x) => FEELING_LABELS[x]), "Mean"],
      rows: f.voice.stages.map((s) => [
        s.name,
        ...PULSE_FEELINGS.map((x) => String(s.feelings[x])),
        num(s.feelingMean, 2),
      ]),
    },
  ];
}

/** One CSV cell: quoted when needed, and a leading = + - @ (or tab/CR) made inert for spreadsheets. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function tableToCsv(table: InsightsTable): string {
  return [table.columns, ...table.rows].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}
