// Reads the insights page's query string (issue 13): the filter through its one parser, and the
// version to compare with. A bad value stops the loader with a 400 that names what is wrong.
import { data } from "@remix-run/node";
import { isUuid } from "~/modules/accounts/access.server";
import { type InsightsFilter, parseInsightsFilter } from "~/modules/insights/insights-filter";
import { InputError } from "~/utils/errors.server";

/** Keys the page and the export read besides the filter's own. */
const PAGE_KEYS = ["compare", "panel"];

export interface InsightsQuery {
  filter: InsightsFilter;
  compare?: string;
  params: URLSearchParams;
}

/** A thrown `{ message }` 400 for a page; a resource route catches it with `csvBadRequest`. */
export class BadInsightsQuery extends Error {}

/** For pages: the query, or a thrown 400 whose `message` the error page shows. */
export function readInsightsQuery(request: Request): InsightsQuery {
  try {
    return parseInsightsQuery(request);
  } catch (e) {
    if (e instanceof BadInsightsQuery) throw data({ message: e.message }, { status: 400 });
    throw e;
  }
}

/** The query, or a BadInsightsQuery naming what is wrong. */
export function parseInsightsQuery(request: Request): InsightsQuery {
  const url = new URL(request.url);
  const rest = new URLSearchParams();
  for (const [key, value] of url.searchParams) {
    if (url.searchParams.getAll(key).length > 1) {
      throw new BadInsightsQuery(`The address gives "${key}" twice. Give it once.`);
    }
    if (!PAGE_KEYS.includes(key)) rest.set(key, value);
  }
  const compare = url.searchParams.get("compare")?.trim() || undefined;
  if (compare !== undefined && !isUuid(compare)) {
    throw new BadInsightsQuery("The version to compare with is not a known id.");
  }
  try {
    return { filter: parseInsightsFilter(rest), compare, params: rest };
  } catch (e) {
    if (e instanceof InputError) throw new BadInsightsQuery(e.message);
    throw e;
  }
}

/** Runs a domain call and turns its InputError (a bad filter combination) into a 400. */
export async function asBadQuery<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof InputError) throw data({ message: e.message, field: e.field }, { status: 400 });
    throw e;
  }
}

/** For a resource route: a plain-text 400 saying what is wrong. */
export function textBadRequest(message: string): Response {
  return new Response(message, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}
