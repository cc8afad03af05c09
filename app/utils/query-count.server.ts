// Counts the SQL queries each request runs, for `npm run bench:pages`. Off
// unless WAYPOINT_COUNT_QUERIES=1, so normal requests pay nothing for it.
import { AsyncLocalStorage } from "node:async_hooks";

/** The response header that carries the count when counting is on. */
export const QUERY_COUNT_HEADER = "X-Query-Count";

const current = new AsyncLocalStorage<{ queries: number }>();

export function queryCountingEnabled(): boolean {
  return process.env.WAYPOINT_COUNT_QUERIES === "1";
}

/** Adds one query to the request being served, if any. */
export function countQuery(): void {
  const counter = current.getStore();
  if (counter) counter.queries++;
}

/** Runs `fn` with a fresh counter; `read` gives the queries counted so far. */
export function withQueryCounter<T>(fn: (read: () => number) => T): T {
  const counter = { queries: 0 };
  return current.run(counter, () => fn(() => counter.queries));
}
