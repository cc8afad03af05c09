// The portfolio's sort keys and thresholds, shared by the page and the query.

/** An account is stuck when nothing was completed for this many days. */
export const STUCK_AFTER_DAYS = 14;

export const PORTFOLIO_SORTS = ["name", "stage", "progress", "overdue", "days_in_stage", "next_due", "csm"] as const;
export type PortfolioSort = (typeof PORTFOLIO_SORTS)[number];
