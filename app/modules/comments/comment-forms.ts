// The comment forms on a milestone and on a goal, one zod schema each, shared by the pages that
// render them and the actions that parse them; and the one way a comment's `@email` mentions are read.
import { z } from "zod";

export const COMMENT_MAX = 2000;

const body = z
  .string({ error: "Write a comment." })
  .trim()
  .min(1, { error: "Write a comment." })
  .max(COMMENT_MAX, { error: `Keep the comment under ${COMMENT_MAX} characters.` })
  .refine((v) => !v.includes("\0"), { error: "The comment contains a character that cannot be saved." });

export const commentForm = z.object({
  intent: z.literal("comment"),
  milestoneId: z.string({ error: "Choose a milestone." }).uuid({ error: "That milestone id is not valid." }),
  body,
});

/** What a comment is on: a journey step, or one of the account's success goals (ADR 038). */
export type CommentSubjectKind = "milestone" | "goal";

/** The intent and the id field each kind's form posts. */
export const COMMENT_FORM_FIELDS = {
  milestone: { intent: "comment", idField: "milestoneId" },
  goal: { intent: "goal_comment", idField: "goalId" },
} as const satisfies Record<CommentSubjectKind, { intent: string; idField: string }>;

export const goalCommentForm = z.object({
  intent: z.literal("goal_comment"),
  goalId: z.string({ error: "Choose a goal." }).uuid({ error: "That goal id is not valid." }),
  body,
});

export type CommentInput = z.infer<typeof commentForm>;

// `@` then an email address, not preceded by a word character (so "ana@x.example" alone is not a mention).
// The domain's labels end in a letter or digit, so a full stop after the address is not part of it.
const MENTION_RE = /(?<![\w.+-])@([a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,})/gi;

/** The addresses a comment mentions, lower-cased, each once, in order. */
export function mentionedEmails(body: string): string[] {
  const found = new Set<string>();
  for (const match of body.matchAll(MENTION_RE)) found.add(match[1].toLowerCase());
  return [...found];
}
