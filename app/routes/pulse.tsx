// "How did <stage> go?" from a stage email. GET shows the score the contact clicked, to confirm,
// with how they felt and a comment (mail scanners follow links, so a click records nothing);
// the POST records the answer, the signed link standing in for a session.
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { pageTitle } from "~/components/brand";
import { PublicPage } from "~/components/public-page";
import { FieldError, fieldAria } from "~/components/ui/field-error";
import { checkLink, type LinkProblem, type PulseClaims } from "~/modules/email/signed-links.server";
import { answerPulse } from "~/modules/pulse/answer-pulse.server";
import { describePulseLink } from "~/modules/pulse/describe-pulse-link.server";
import {
  ANSWER_CHANGE_DAYS,
  FEELING_LABELS,
  PULSE_COMMENT_MAX,
  PULSE_FEELINGS,
  STAGE_QUESTION_DAYS,
} from "~/modules/pulse/pulse-rules";
import { fieldErrorsOf, refusal } from "~/server/form-answer.server";
import { pulseForm } from "~/server/pulse-form.server";
import { parseQuery } from "~/server/query.server";
import { readForm } from "~/server/request.server";
import { formatDate } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { NotFoundError } from "~/utils/errors.server";
import type { FieldErrors } from "~/utils/form-answer";
import { getSigningSecret } from "~/utils/signing-secret.server";

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, "How did it go?") },
  { name: "robots", content: "noindex" },
];

const query = z.object({
  token: z.string().max(1000).optional(),
  score: z
    .string()
    .regex(/^[1-5]$/, "The score in the address must be a number from 1 to 5.")
    .transform(Number)
    .optional(),
});

async function claimsFrom(token: string | undefined): Promise<{ claims: PulseClaims } | { problem: LinkProblem }> {
  const checked = checkLink(await getSigningSecret(getDb()), token, new Date());
  if ("problem" in checked) return checked;
  return checked.claims.p === "pulse" ? { claims: checked.claims } : { problem: "invalid" };
}

const unusable = (problem: LinkProblem) => data({ state: problem } as const, { status: 400 });

export async function loader({ request }: LoaderFunctionArgs) {
  const ask = parseQuery(request, query);
  const link = await claimsFrom(ask.token);
  if ("problem" in link) return unusable(link.problem);
  try {
    const view = await describePulseLink(getDb(), link.claims, new Date());
    return { state: "ready" as const, view, score: ask.score ?? view.open?.answer?.score ?? null };
  } catch (e) {
    if (e instanceof NotFoundError) return unusable("invalid");
    throw e;
  }
}

type Answer =
  | { state: "saved"; changeableUntil: string }
  | { state: "refused"; message: string; fieldErrors?: FieldErrors }
  | { state: LinkProblem };

export async function action({ request }: ActionFunctionArgs) {
  const link = await claimsFrom(new URL(request.url).searchParams.get("token") ?? undefined);
  if ("problem" in link) return data<Answer>({ state: link.problem }, { status: 400 });
  const form = await readForm(request);
  if (!form) return data<Answer>({ state: "refused", message: "The form could not be read." }, { status: 400 });
  const parsed = pulseForm.safeParse({ ...form, question: "stage", stageId: link.claims.s });
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? "Invalid input.";
    return data<Answer>({ state: "refused", message, fieldErrors: fieldErrorsOf(parsed.error) }, { status: 400 });
  }
  try {
    const saved = await answerPulse(
      getDb(),
      link.claims.u,
      {
        question: "stage",
        stageId: link.claims.s,
        score: parsed.data.score,
        feeling: parsed.data.feeling ?? null,
        comment: parsed.data.comment ? parsed.data.comment : null,
      },
      new Date(),
    );
    return data<Answer>({ state: "saved", changeableUntil: saved.changeableUntil });
  } catch (e) {
    if (e instanceof NotFoundError) return data<Answer>({ state: "invalid" }, { status: 400 });
    const refused = refusal(e);
    if (!refused) throw e;
    const fieldErrors = refused.field ? { [refused.field]: refused.message } : undefined;
    return data<Answer>({ state: "refused", message: refused.message, fieldErrors }, { status: refused.status });
  }
}

function SignIn() {
  return (
    <p>
      <Link to="/login" className="font-medium text-brand-700 underline">
        Sign in
      </Link>{" "}
      to see your journey.
    </p>
  );
}

const SCORE_WORDS = ["", "Very badly", "Badly", "OK", "Well", "Very well"];

export default function PulseFromEmail() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Answer | undefined;
  const busy = useNavigation().state === "submitting";
  const state = result && result.state !== "refused" ? result.state : page.state;
  if (state === "expired") {
    return (
      <PublicPage title="This survey link has expired">
        <p>Survey links in stage emails work for 30 days.</p>
        <SignIn />
      </PublicPage>
    );
  }
  if (state === "invalid") {
    return (
      <PublicPage title="This survey link is not valid">
        <p>It may have been cut short by your email program.</p>
        <SignIn />
      </PublicPage>
    );
  }
  if (page.state !== "ready") return null;
  const { view } = page;
  if (result?.state === "saved") {
    return (
      <PublicPage title="Thank you!">
        <p role="status">
          {`Your answer about ${view.stageName} was sent to your customer success team. You can change it until ${formatDate(result.changeableUntil.slice(0, 10))}.`}
        </p>
        <SignIn />
      </PublicPage>
    );
  }
  if (!view.open) {
    return (
      <PublicPage title="This survey is closed">
        <p>{`Answers about ${view.stageName} can be changed for ${ANSWER_CHANGE_DAYS} days, and the question is asked for ${STAGE_QUESTION_DAYS} days after the stage ends.`}</p>
        <SignIn />
      </PublicPage>
    );
  }
  const refused = result?.state === "refused" ? result : undefined;
  const answer = refused
    ? { ok: false as const, message: refused.message, fieldErrors: refused.fieldErrors }
    : undefined;
  return (
    <PublicPage title={`How did ${view.stageName} go?`}>
      <p>{`For ${view.accountName}, as ${view.personName}. Check your score, then send it.`}</p>
      {refused && !refused.fieldErrors ? (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-red-800">
          {refused.message}
        </p>
      ) : null}
      <Form method="post" className="space-y-4">
        <fieldset {...fieldAria(answer, "score", "score-error")}>
          <legend className="font-medium text-slate-900">Your score</legend>
          <div className="mt-2 flex flex-wrap gap-1.5">
            {[1, 2, 3, 4, 5].map((n) => (
              <label
                key={n}
                className="flex min-w-11 cursor-pointer flex-col items-center rounded-md border border-slate-300 px-2 py-1.5 has-[:checked]:border-brand-700 has-[:checked]:bg-brand-50 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-600"
              >
                <input
                  type="radio"
                  name="score"
                  value={n}
                  defaultChecked={page.score === n}
                  className="sr-only"
                  required
                />
                <span className="font-semibold">{n}</span>
                <span className="text-xs text-slate-600">{SCORE_WORDS[n]}</span>
              </label>
            ))}
          </div>
          <FieldError answer={answer} name="score" id="score-error" />
        </fieldset>
        <fieldset {...fieldAria(answer, "feeling", "feeling-error")}>
          <legend className="font-medium text-slate-900">How did you feel?</legend>
          <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
            {PULSE_FEELINGS.map((f) => (
              <label key={f} className="flex items-center gap-1.5">
                <input
                  type="radio"
                  name="feeling"
                  value={f}
                  defaultChecked={view.open?.answer?.feeling === f}
                  required
                />
                {FEELING_LABELS[f]}
              </label>
            ))}
          </div>
          <FieldError answer={answer} name="feeling" id="feeling-error" />
        </fieldset>
        <div>
          <label htmlFor="comment" className="block font-medium text-slate-900">
            Anything to add? <span className="font-normal text-slate-600">(optional)</span>
          </label>
          <textarea
            id="comment"
            name="comment"
            rows={3}
            maxLength={PULSE_COMMENT_MAX}
            defaultValue={view.open.answer?.comment ?? ""}
            className="mt-1 block w-full rounded-md border border-slate-300 p-2"
            {...fieldAria(answer, "comment", "comment-error")}
          />
          <FieldError answer={answer} name="comment" id="comment-error" />
        </div>
        <button
          type="submit"
          disabled={busy}
          className="rounded-md bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800 disabled:opacity-60"
        >
          Send my answer
        </button>
      </Form>
    </PublicPage>
  );
}
