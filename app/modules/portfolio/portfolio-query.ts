// The portfolio's sort keys and thresholds, shared by the page and the query.

/** An account is stuck when nothing was completed for this many days. */
export const STUCK_AFTER_DAYS = 14;

export const PORTFOLIO_SORTS = ["name", "stage", "progress", "overdue", "days_in_stage", "next_due", "csm"] as const;
export type PortfolioSort = (typeof PORTFOLIO_SORTS)[number];

/**
 * Which accounts the portfolio lists. By default the ones being worked on
 * (active and paused); churned and completed ones when asked; archived ones
 * only under their own filter.
 */
export const PORTFOLIO_STATUSES = ["open", "active", "paused", "churned", "completed", "all", "archived"] as const;
export type PortfolioStatus = (typeof PORTFOLIO_STATUSES)[number];
