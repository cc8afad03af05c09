// How pages read comments, on steps and goals alike: the latest of them as one JSON value inside
// the statement that reads the page, so comments add no query (ADR 033, 038).
import { type RawBuilder, sql } from "kysely";

/** A comment as the pages show it: customers and staff of the account read the same words. */
export interface CommentView {
  id: string;
  body: string;
  /** ISO, in UTC. */
  at: string;
  /** Null once the author was deleted. */
  authorName: string | null;
  authorSide: "customer" | "vendor";
}

/** How many of the latest comments a step or goal shows. */
export const COMMENTS_SHOWN = 50;

/**
 * The latest comments that `where` picks (it reads the table as `c0`), oldest first, as JSON
 * whose times carry the database's offset: read them through `commentViews`.
 */
export function commentsJson(where: RawBuilder<unknown>): RawBuilder<CommentView[]> {
  return sql<CommentView[]>`(
    select coalesce(json_agg(json_build_object(
             'id', c.id, 'body', c.body, 'at', c.created_at, 'authorName', au.name,
             'authorSide', case when au.role = 'customer' then 'customer' else 'vendor' end
           ) order by c.created_at, c.id), '[]'::json)
    from (select * from milestone_comments c0 where ${where}
          order by c0.created_at desc limit ${sql.lit(COMMENTS_SHOWN)}) c
    left join users au on au.id = c.author_id)`;
}

/** The comments with their times as ISO strings in UTC. */
export function commentViews(rows: CommentView[]): CommentView[] {
  return rows.map((c) => ({ ...c, at: new Date(c.at).toISOString() }));
}

/** Someone a comment may mention as `@email`: the account's active contacts and its CSM. */
export interface Mentionable {
  name: string;
  email: string;
}

/** Who comments in the account (`accounts` in the enclosing statement) may mention, as JSON. */
export function mentionableJson(): RawBuilder<Mentionable[]> {
  return sql<Mentionable[]>`(
    select coalesce(json_agg(json_build_object('name', u.name, 'email', u.email) order by u.role, u.name), '[]'::json)
    from users u
    where (u.role = 'customer' and u.account_id = accounts.id or u.id = accounts.csm_id)
      and u.deactivated_at is null and u.joined_at is not null)`;
}
