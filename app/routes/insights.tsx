// Insights (issue 13): how onboarding goes across accounts, for staff. Admins and viewers see
// every account, a CSM only theirs (the domain scopes every figure). Each panel is a heading,
// a server-drawn chart where it helps, and a real table (the accessible version), with a CSV.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { AppShell } from "~/components/app-shell";
import { pageTitle } from "~/components/brand";
import { BarChart, type ChartRow, type ChartSeries } from "~/components/insights-chart";
import { getInsights } from "~/modules/insights/get-insights.server";
import { HEALTH, HEALTH_LABELS } from "~/modules/insights/health-rule";
import {
  type InsightsTable,
  insightsTables,
  METRICS_DEFINITIONS_PATH,
  PANEL_DEFINITIONS,
  vendorFunctions,
} from "~/modules/insights/insights-tables";
import { asBadQuery, readInsightsQuery } from "~/server/insights-request.server";
import { requireStaff } from "~/server/viewer.server";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "Insights") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireStaff(request);
  const { filter, compare, params } = readInsightsQuery(request);
  const insights = await asBadQuery(() => getInsights(getDb(), viewer, filter, new Date(), compare));
  const tables = insightsTables(insights);
  const compared = insights.compared
    ? {
        a: { number: insights.compared.a.versionNumber, tables: insightsTables(sideFigures(insights.compared.a)) },
        b: { number: insights.compared.b.versionNumber, tables: insightsTables(sideFigures(insights.compared.b)) },
        health: HEALTH.map((h) => [HEALTH_LABELS[h], insights.compared!.a.health[h], insights.compared!.b.health[h]]),
      }
    : null;
  return {
    viewer: { name: viewer.name, role: viewer.role },
    filter,
    compare: compare ?? "",
    query: params.toString(),
    choices: insights.choices,
    tables,
    charts: chartsOf(insights),
    compared,
  };
}

type Figures = Parameters<typeof insightsTables>[0];
type Side = NonNullable<Awaited<ReturnType<typeof getInsights>>["compared"]>["a"];

function sideFigures(s: Side): Figures {
  return {
    funnel: s.funnel,
    health: { accounts: [], counts: s.health },
    firstValue: s.firstValue ? [s.firstValue] : [],
    bottlenecks: s.bottlenecks,
    delay: { accounts: [], total: s.delay },
    voice: s.voice,
  };
}

const BLUE = "#1d4ed8";
const TEAL = "#0f766e";
const AMBER = "#b45309";

function chartsOf(
  f: Figures,
): Partial<Record<InsightsTable["panel"], { series: ChartSeries[]; rows: ChartRow[]; label: string; max?: number }>> {
  const functions = vendorFunctions(f.delay);
  return {
    funnel: {
      label: `Bar chart of journeys entering and completing each stage: ${f.funnel
        .map((s) => `${s.name} ${s.entered} entered, ${s.completed} completed`)
        .join("; ")}.`,
      series: [
        { label: "Entered", color: BLUE },
        { label: "Completed", color: TEAL },
      ],
      rows: f.funnel.map((s) => ({ label: s.name, values: [s.entered, s.completed] })),
    },
    delay: {
      label: `Bar chart of overdue days by side: customer ${f.delay.total.customerDays}, vendor ${f.delay.total.vendorDays}.`,
      series: [{ label: "Overdue days", color: AMBER }],
      rows: [
        { label: "Customer", values: [f.delay.total.customerDays] },
        { label: "Vendor", values: [f.delay.total.vendorDays] },
        ...functions.map((fn) => ({ label: `Vendor: ${fn}`, values: [f.delay.total.vendorByFunction[fn] ?? 0] })),
      ],
    },
    csat: {
      label: `Bar chart of mean CSAT (1 to 5) by stage: ${f.voice.stages
        .map((s) => `${s.name} ${s.csatMean === null ? "no answers" : s.csatMean.toFixed(2)}`)
        .join("; ")}.`,
      series: [{ label: "Mean CSAT", color: BLUE }],
      rows: f.voice.stages.map((s) => ({ label: s.name, values: [s.csatMean ?? 0] })),
      max: 5,
    },
    feelings: {
      label: `Bar chart of the mean feeling (1 frustrated to 5 delighted) by stage: ${f.voice.stages
        .map((s) => `${s.name} ${s.feelingMean === null ? "no answers" : s.feelingMean.toFixed(2)}`)
        .join("; ")}.`,
      series: [{ label: "Mean feeling", color: TEAL }],
      rows: f.voice.stages.map((s) => ({ label: s.name, values: [s.feelingMean ?? 0] })),
      max: 5,
    },
  };
}

function DataTable({ table, id }: { table: InsightsTable; id: string }) {
  return (
    <section
      aria-label={`${table.title} table`}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls must be reachable by keyboard to scroll it (WCAG 2.1.1)
      tabIndex={0}
      className="mt-3 overflow-x-auto rounded-lg border border-slate-200 bg-white focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600"
    >
      <table className="min-w-full text-sm" id={id}>
        <caption className="px-3 py-2 text-left text-slate-600">{table.caption}</caption>
        <thead className="bg-slate-50 text-left">
          <tr>
            {table.columns.map((c) => (
              <th key={c} scope="col" className="px-3 py-2 font-semibold">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.length === 0 ? (
            <tr>
              <td colSpan={table.columns.length} className="px-3 py-2 text-slate-600">
                Nothing to count for this filter.
              </td>
            </tr>
          ) : (
            table.rows.map((row, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are fixed for one render
              <tr key={i} className="border-t border-slate-100">
                <th scope="row" className="px-3 py-2 text-left font-medium">
                  {row[0]}
                </th>
                {row.slice(1).map((cell, j) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: cells are fixed for one render
                  <td key={j} className="whitespace-nowrap px-3 py-2 tabular-nums">
                    {cell}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </section>
  );
}

const FIELD = "mt-1 w-full rounded-md border border-slate-300 px-3 py-2";

/** One filter: its label above a select (with an "all" choice first) or an input of the given type. */
function FilterField({
  name,
  label,
  value,
  all,
  options,
  type,
}: {
  name: string;
  label: string;
  value: string | null | undefined;
  all?: string;
  options?: { value: string; label: string }[];
  type?: "month" | "date";
}) {
  return (
    <div>
      <label htmlFor={name} className="block text-sm font-medium">
        {label}
      </label>
      {options ? (
        <select id={name} name={name} defaultValue={value ?? ""} className={FIELD}>
          <option value="">{all}</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      ) : (
        <input id={name} name={name} type={type} defaultValue={value ?? ""} className={FIELD} />
      )}
    </div>
  );
}

function Filters() {
  const { filter, choices, compare } = useLoaderData<typeof loader>();
  const versions = choices.playbooks.flatMap((p) =>
    p.versions.map((v) => ({ value: v.id, label: `${p.name}, version ${v.number}` })),
  );
  return (
    <Form
      method="get"
      aria-label="Filter the figures"
      className="mt-4 grid grid-cols-1 gap-4 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-4"
    >
      <FilterField
        name="playbookId"
        label="Playbook"
        value={filter.playbookId}
        all="All playbooks"
        options={choices.playbooks.map((p) => ({ value: p.id, label: p.name }))}
      />
      <FilterField name="versionId" label="Version" value={filter.versionId} all="All versions" options={versions} />
      <FilterField name="compare" label="Compare with version" value={compare} all="No comparison" options={versions} />
      <FilterField
        name="csmId"
        label="CSM"
        value={filter.csmId}
        all="All CSMs"
        options={choices.csms.map((c) => ({ value: c.id, label: c.name }))}
      />
      <FilterField
        name="segment"
        label="Segment"
        value={filter.segment}
        all="All segments"
        options={choices.segments.map((x) => ({ value: x, label: x }))}
      />
      <FilterField name="cohort" label="Cohort (start month)" value={filter.cohort} type="month" />
      <FilterField name="periodFrom" label="Period from" value={filter.periodFrom} type="date" />
      <FilterField name="periodTo" label="Period to" value={filter.periodTo} type="date" />
      <div className="flex items-end gap-3">
        <button
          type="submit"
          className="rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700"
        >
          Show figures
        </button>
        <Link to="/insights" className="text-sm text-brand-700 underline">
          Clear
        </Link>
      </div>
    </Form>
  );
}

function csvHref(panel: string, query: string) {
  const q = new URLSearchParams(query);
  q.set("panel", panel);
  return `/insights.csv?${q.toString()}`;
}

export default function Insights() {
  const { viewer, tables, charts, query, compared } = useLoaderData<typeof loader>();
  return (
    <AppShell user={viewer}>
      <h1 className="text-2xl font-bold tracking-tight">Insights</h1>
      <p className="mt-1 text-slate-600">
        {viewer.role === "csm" ? "Figures for the accounts you look after." : "Figures for every account."}
      </p>
      <Filters />
      {compared && (
        <section aria-labelledby="compare-heading" className="mt-8">
          <h2 id="compare-heading" className="text-xl font-semibold">
            Version {compared.a.number} and version {compared.b.number} compared
          </h2>
          <DataTable
            id="compare-health"
            table={{
              panel: "health",
              title: "Health by version",
              caption: "Accounts on track, behind and stuck, by version",
              columns: ["Health", `Version ${compared.a.number}`, `Version ${compared.b.number}`],
              rows: compared.health.map((r) => r.map(String)),
            }}
          />
          <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
            {[compared.a, compared.b].map((side) => (
              <div key={side.number} className="min-w-0">
                <h3 className="mt-4 text-lg font-semibold">Version {side.number}</h3>
                {side.tables
                  .filter((t) => t.panel !== "health")
                  .map((t) => (
                    <DataTable
                      key={t.panel}
                      id={`compare-${side.number}-${t.panel}`}
                      table={{
                        ...t,
                        title: `Version ${side.number}: ${t.title}`,
                        caption: `Version ${side.number}: ${t.caption}`,
                      }}
                    />
                  ))}
              </div>
            ))}
          </div>
        </section>
      )}
      {tables.map((t) => {
        const chart = charts[t.panel];
        return (
          <section key={t.panel} aria-labelledby={`${t.panel}-heading`} className="mt-8 min-w-0">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <h2 id={`${t.panel}-heading`} className="text-xl font-semibold">
                {t.title}
              </h2>
              <span className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
                <Link
                  to={`${METRICS_DEFINITIONS_PATH}#${PANEL_DEFINITIONS[t.panel]}`}
                  className="text-brand-700 underline"
                  data-testid="panel-definition"
                >
                  How {t.title} is counted
                </Link>
                <a href={csvHref(t.panel, query)} className="text-brand-700 underline" download>
                  Download {t.title} as CSV
                </a>
              </span>
            </div>
            {chart && <BarChart label={chart.label} series={chart.series} rows={chart.rows} max={chart.max} />}
            <DataTable table={t} id={`${t.panel}-table`} />
          </section>
        );
      })}
      <section aria-labelledby="counting-heading" className="mt-10 max-w-prose">
        <h2 id="counting-heading" className="text-xl font-semibold">
          How these are counted
        </h2>
        <p className="mt-2 text-sm text-slate-700">
          In short below; every figure's exact formula is in{" "}
          <Link to={METRICS_DEFINITIONS_PATH} className="text-brand-700 underline">
            the insights definitions
          </Link>
          .
        </p>
        <ul className="mt-2 list-disc space-y-2 pl-5 text-sm text-slate-700">
          <li>
            Journeys of accounts that are not archived and that you may see count; the filters narrow them. The period
            keeps journeys that ran at some point in it; it does not cut their history. Days are calendar days in the
            account's timezone, and days an account was paused are left out.
          </li>
          <li>
            <strong>Stage funnel:</strong> a stage is entered when the journey reached it and completed when the journey
            moved past it; durations are of completed stays.
          </li>
          <li>
            <strong>Health:</strong> Stuck when more than twice the stage's expected days in it, or no step done for 14
            days; Behind when longer in the stage than its expected days; otherwise On track. The portfolio and the
            account page say the same word.
          </li>
          <li>
            <strong>Time to first value:</strong> days from the start to the first-value milestone; journeys that have
            not reached it yet count as "not yet" up to today.
          </li>
          <li>
            <strong>Bottlenecks:</strong> a milestone held its stage when its completion was the last one before the
            stage moved on.
          </li>
          <li>
            <strong>Delay by side:</strong> days past due of required milestones, counted for the side that owns them:
            the customer's contacts or the vendor's staff (by their team function).
          </li>
          <li>
            <strong>Voice of the customer:</strong> stage survey scores (1–5), the feeling chosen, and NPS from the
            retention stage's question.
          </li>
        </ul>
      </section>
    </AppShell>
  );
}
