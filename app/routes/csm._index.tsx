import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { AppShell } from "~/components/app-shell";
import { pageTitle } from "~/components/brand";
import { Badge } from "~/components/ui/badge";
import { HEALTH_LABELS, type Health, QUIET_DAYS } from "~/modules/insights/health-rule";
import { METRICS_DEFINITIONS_PATH, PANEL_DEFINITIONS } from "~/modules/insights/insights-tables";
import { getPortfolio } from "~/modules/portfolio/get-portfolio.server";
import { listPortfolioStages } from "~/modules/portfolio/list-portfolio-stages.server";
import {
  PORTFOLIO_HEALTH_FILTER_LABELS,
  PORTFOLIO_HEALTH_FILTERS,
  PORTFOLIO_SORTS,
  PORTFOLIO_STATUSES,
} from "~/modules/portfolio/portfolio-query";
import { parseQuery, queryChoice, queryText } from "~/server/query.server";
import { requireStaff } from "~/server/viewer.server";
import { formatDate } from "~/utils/dates";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "Portfolio") }];

const query = z.object({
  sort: queryChoice(PORTFOLIO_SORTS, "a sort column").default("name"),
  dir: queryChoice(["asc", "desc"], "an order (dir)").default("asc"),
  stage: queryText("stage", 100).optional(),
  status: queryChoice(PORTFOLIO_STATUSES, "an account status").default("open"),
  // "Any health" sends an empty value: no filter.
  health: z.preprocess((v) => (v === "" ? undefined : v), queryChoice(PORTFOLIO_HEALTH_FILTERS, "a health").optional()),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireStaff(request);
  const q = parseQuery(request, query);
  const db = getDb();
  const [rows, stages] = await Promise.all([
    getPortfolio(db, viewer, { ...q, stage: q.stage || undefined }, new Date()),
    listPortfolioStages(db, viewer),
  ]);
  return { viewer: { name: viewer.name, role: viewer.role }, rows, stages, q };
}

const COLUMNS: { key: (typeof PORTFOLIO_SORTS)[number]; label: string }[] = [
  { key: "name", label: "Account" },
  { key: "stage", label: "Stage" },
  { key: "health", label: "Health" },
  { key: "progress", label: "Progress" },
  { key: "overdue", label: "Overdue" },
  { key: "days_in_stage", label: "Days in stage" },
  { key: "next_due", label: "Next due" },
  { key: "csm", label: "CSM" },
];

const STATUS_LABELS: Record<(typeof PORTFOLIO_STATUSES)[number], string> = {
  open: "Active and paused",
  active: "Active",
  paused: "Paused",
  churned: "Churned",
  completed: "Completed",
  all: "All but archived",
  archived: "Archived",
};

/** The insights' words, in the badge colours the app uses for fine, late and alarming. */
const HEALTH_TONES: Record<Health, "green" | "amber" | "red"> = { on_track: "green", behind: "amber", stuck: "red" };

type PortfolioData = ReturnType<typeof useLoaderData<typeof loader>>;
type Query = PortfolioData["q"];

function PortfolioFilter({ q, stages }: { q: Query; stages: string[] }) {
  return (
    <Form method="get" className="mt-4 flex flex-wrap items-end gap-4 rounded-lg border border-slate-200 bg-white p-4">
      <input type="hidden" name="sort" value={q.sort} />
      <input type="hidden" name="dir" value={q.dir} />
      <div>
        <label htmlFor="stage" className="block text-sm font-medium">
          Stage
        </label>
        <select
          id="stage"
          name="stage"
          defaultValue={q.stage ?? ""}
          className="mt-1 rounded-md border border-slate-300 px-3 py-2"
        >
          <option value="">All stages</option>
          {stages.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="status" className="block text-sm font-medium">
          Status
        </label>
        <select
          id="status"
          name="status"
          defaultValue={q.status}
          className="mt-1 rounded-md border border-slate-300 px-3 py-2"
        >
          {PORTFOLIO_STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="health" className="block text-sm font-medium">
          Health
        </label>
        <select
          id="health"
          name="health"
          defaultValue={q.health ?? ""}
          aria-describedby="health-rule"
          className="mt-1 rounded-md border border-slate-300 px-3 py-2"
        >
          <option value="">Any health</option>
          {PORTFOLIO_HEALTH_FILTERS.map((h) => (
            <option key={h} value={h}>
              {PORTFOLIO_HEALTH_FILTER_LABELS[h]}
            </option>
          ))}
        </select>
      </div>
      <p id="health-rule" className="order-last basis-full text-sm text-slate-600">
        Health is the insights' rule: Behind past the stage's expected days, Stuck past twice them or after {QUIET_DAYS}{" "}
        days with nothing done, paused days left out (
        <Link to={`${METRICS_DEFINITIONS_PATH}#${PANEL_DEFINITIONS.health}`} className="text-brand-700 underline">
          how health is counted
        </Link>
        ).
      </p>
      <button
        type="submit"
        className="rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700"
      >
        Filter
      </button>
    </Form>
  );
}

/** A column heading that sorts by it, or flips the direction when it already does. */
function SortHeader({ column, q }: { column: (typeof COLUMNS)[number]; q: Query }) {
  const [params] = useSearchParams();
  const next = new URLSearchParams(params);
  next.set("sort", column.key);
  next.set("dir", q.sort === column.key && q.dir === "asc" ? "desc" : "asc");
  const sorted = q.sort === column.key;
  return (
    <th
      scope="col"
      className="whitespace-nowrap px-3 py-2 font-semibold"
      aria-sort={sorted ? (q.dir === "asc" ? "ascending" : "descending") : undefined}
    >
      <Link to={`?${next.toString()}`} className="hover:text-brand-700">
        {column.label}
        {sorted ? (q.dir === "asc" ? " ▲" : " ▼") : ""}
      </Link>
    </th>
  );
}

function PortfolioRow({ row: r }: { row: PortfolioData["rows"][number] }) {
  return (
    <tr data-testid="portfolio-row">
      <th scope="row" className="px-3 py-2 text-left font-medium">
        <Link to={`/csm/accounts/${r.accountId}`} className="text-brand-700 underline">
          {r.name}
        </Link>
        {(r.status !== "active" || r.archived) && (
          <span className="ml-2">
            <Badge>{r.archived ? "Archived" : r.status.charAt(0).toUpperCase() + r.status.slice(1)}</Badge>
          </span>
        )}
      </th>
      <td className="px-3 py-2">{r.stageName}</td>
      <td className="whitespace-nowrap px-3 py-2" data-testid="portfolio-health">
        {r.health ? <Badge tone={HEALTH_TONES[r.health]}>{HEALTH_LABELS[r.health]}</Badge> : "—"}
      </td>
      <td className="px-3 py-2 tabular-nums">{r.progressPercent}%</td>
      <td className="px-3 py-2 tabular-nums">{r.overdue > 0 ? <Badge tone="red">{r.overdue}</Badge> : 0}</td>
      <td className="px-3 py-2 tabular-nums">{r.daysInStage}</td>
      <td className="px-3 py-2">
        {r.nextDueTitle ? (
          <>
            {r.nextDueTitle} <span className="whitespace-nowrap text-slate-500">({formatDate(r.nextDueOn!)})</span>
          </>
        ) : (
          "—"
        )}
      </td>
      <td className="px-3 py-2">{r.csmName ?? "Unassigned"}</td>
    </tr>
  );
}

export default function Portfolio() {
  const { viewer, rows, stages, q } = useLoaderData<typeof loader>();
  return (
    <AppShell user={viewer}>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold tracking-tight">
          {viewer.role === "admin" || viewer.role === "viewer" ? "All accounts" : "Your portfolio"}
        </h1>
        {viewer.role !== "viewer" && (
          <Link
            to="/csm/accounts/new"
            className="rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700"
          >
            New account
          </Link>
        )}
      </div>
      <PortfolioFilter q={q} stages={stages} />
      {rows.length === 0 ? (
        <p className="mt-6 text-slate-600">No accounts match.</p>
      ) : (
        <>
          {/* On a phone the table scrolls inside its own region: reachable by
              keyboard, named, and with a visible cue that there is more. */}
          <p className="mt-6 text-sm text-slate-600 md:hidden" id="portfolio-scroll-cue">
            Scroll sideways to see more columns →
          </p>
          <section
            aria-label="Accounts"
            aria-describedby="portfolio-scroll-cue"
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls must be reachable by keyboard to scroll it (WCAG 2.1.1)
            tabIndex={0}
            className="mt-2 overflow-x-auto rounded-lg border border-slate-200 bg-white focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600 md:mt-6"
          >
            <table className="min-w-full text-sm">
              <caption className="sr-only">Accounts, sortable by each column</caption>
              <thead className="bg-slate-50 text-left">
                <tr>
                  {COLUMNS.map((c) => (
                    <SortHeader key={c.key} column={c} q={q} />
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {rows.map((r) => (
                  <PortfolioRow key={r.accountId} row={r} />
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
    </AppShell>
  );
}
