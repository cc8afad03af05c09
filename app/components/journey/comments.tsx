// The comments on a step or a goal, read by the account's customers and staff alike, and the
// form to add one; the answer (and the comment just added) is said in a live region.
import { useActionData, useFetcher } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { COMMENT_FORM_FIELDS, COMMENT_MAX, type CommentSubjectKind } from "~/modules/comments/comment-forms";
import type { CommentView } from "~/modules/comments/comments-json";
import type { Mentionable } from "~/modules/journeys/get-journey.server";
import { formatDateTime } from "~/utils/dates";
import type { FormAnswer } from "~/utils/form-answer";
import { FieldError, fieldAria } from "../ui/field-error";

export interface CommentsProps {
  /** What the comments are on: a step or a goal, by id, with its title for the form's label. */
  subject: { kind: CommentSubjectKind; id: string; title: string };
  comments: CommentView[];
  timezone: string;
  /** Whose page: names the other side's authors ("our team" to a customer, "customer" to staff). */
  reader: "customer" | "staff";
  canComment: boolean;
  mentionable: Mentionable[];
  /** The block's heading, one below its card's. */
  headingLevel?: 3 | 4;
}

function sideLabel(c: CommentView, reader: CommentsProps["reader"]): string {
  if (reader === "customer") return c.authorSide === "vendor" ? " · our team" : "";
  return c.authorSide === "customer" ? " · customer" : "";
}

export function Comments({
  subject,
  comments,
  timezone,
  reader,
  canComment,
  mentionable,
  headingLevel = 4,
}: CommentsProps) {
  const fetcher = useFetcher<FormAnswer>();
  const { intent, idField } = COMMENT_FORM_FIELDS[subject.kind];
  const id = subject.id;
  const Heading = headingLevel === 3 ? "h3" : "h4";
  // Without script the page's own answer comes back; it is ours when it names this comment form.
  const posted = useActionData<FormAnswer>();
  const fromPage =
    posted && posted.target === id && (posted.ok ? posted.intent === intent : posted.fieldErrors?.body)
      ? posted
      : undefined;
  const answer = fetcher.data ?? fromPage;
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok) form.current?.reset();
  }, [fetcher.state, fetcher.data]);

  const headingId = `comments-${id}`;
  const fieldId = `comment-body-${id}`;
  const errorId = `comment-error-${id}`;
  const hintId = `comment-hint-${id}`;
  return (
    // A div, not a section: every card has one, and landmarks with the same name would clash.
    <div className="mt-4 border-t border-slate-200 pt-3" data-testid="comments">
      <Heading id={headingId} className="text-sm font-semibold text-slate-800">
        Comments{comments.length ? ` (${comments.length})` : ""}
      </Heading>
      {comments.length === 0 ? (
        <p className="mt-1 text-sm text-slate-600">No comments yet.</p>
      ) : (
        <ol className="mt-2 space-y-2">
          {comments.map((c) => (
            <li key={c.id} className="rounded-md bg-slate-50 p-2 text-sm" data-testid="comment">
              <p className="text-xs text-slate-600">
                <span className="font-medium text-slate-800">{c.authorName ?? "A former user"}</span>
                {sideLabel(c, reader)} · <time dateTime={c.at}>{formatDateTime(c.at, timezone)}</time>
              </p>
              <p className="mt-1 whitespace-pre-wrap break-words text-slate-800">{c.body}</p>
            </li>
          ))}
        </ol>
      )}
      {/* Always in the page, so a screen reader hears the answer when it changes. */}
      <p role="status" className="mt-2 text-sm font-medium text-emerald-700">
        {answer?.ok ? answer.message : ""}
      </p>
      {answer && !answer.ok && !answer.fieldErrors?.body ? (
        <p role="alert" className="mt-1 text-sm font-medium text-red-700">
          {answer.message}
        </p>
      ) : null}
      {canComment ? (
        <fetcher.Form method="post" ref={form} className="mt-2 space-y-2">
          <input type="hidden" name="intent" value={intent} />
          <input type="hidden" name={idField} value={id} />
          <label htmlFor={fieldId} className="block text-sm font-medium text-slate-800">
            Add a comment on “{subject.title}”
          </label>
          <textarea
            id={fieldId}
            name="body"
            rows={2}
            required
            maxLength={COMMENT_MAX}
            {...fieldAria(answer, "body", errorId)}
            aria-describedby={fieldError(answer) ? `${errorId} ${hintId}` : hintId}
            className="block w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm"
          />
          <FieldError answer={answer} name="body" id={errorId} />
          <p id={hintId} className="text-xs text-slate-600">
            To mention someone, write @ and their email
            {mentionable.length ? `, for example @${mentionable[0].email}` : ""}. They get an email.
          </p>
          {mentionable.length ? (
            <details className="text-xs text-slate-700">
              <summary className="cursor-pointer">Who you can mention</summary>
              <ul className="mt-1 space-y-0.5">
                {mentionable.map((p) => (
                  <li key={p.email} className="break-all">
                    {p.name}: @{p.email}
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
          <button
            type="submit"
            disabled={fetcher.state !== "idle"}
            className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100"
          >
            Post comment
          </button>
        </fetcher.Form>
      ) : null}
    </div>
  );
}

function fieldError(answer: FormAnswer | undefined): boolean {
  return Boolean(answer && !answer.ok && answer.fieldErrors?.body);
}
