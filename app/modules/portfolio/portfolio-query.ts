// The portfolio's sort keys and filters, shared by the page and the query.
import { HEALTH, HEALTH_LABELS } from "~/modules/insights/health-rule";

export const PORTFOLIO_SORTS = [
  "name",
  "stage",
  "health",
  "progress",
  "overdue",
  "days_in_stage",
  "next_due",
  "csm",
] as const;
export type PortfolioSort = (typeof PORTFOLIO_SORTS)[number];

/**
 * Which accounts the portfolio lists. By default the ones being worked on
 * (active and paused); churned and completed ones when asked; archived ones
 * only under their own filter.
 */
export const PORTFOLIO_STATUSES = ["open", "active", "paused", "churned", "completed", "all", "archived"] as const;
export type PortfolioStatus = (typeof PORTFOLIO_STATUSES)[number];

/** The health filter: one of the insights' words, or the two that need a look. */
export const PORTFOLIO_HEALTH_FILTERS = ["behind_or_stuck", ...HEALTH] as const;
export type PortfolioHealthFilter = (typeof PORTFOLIO_HEALTH_FILTERS)[number];
export const PORTFOLIO_HEALTH_FILTER_LABELS: Record<PortfolioHealthFilter, string> = {
  behind_or_stuck: `${HEALTH_LABELS.behind} or ${HEALTH_LABELS.stuck.toLowerCase()}`,
  ...HEALTH_LABELS,
};
