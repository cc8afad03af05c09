// The survey on the customer's journey page: "How did <stage> go?" (a score from 1 to 5, how
// they felt, an optional comment) and, from Retention on, the NPS question. A question already
// answered shows the answer, which may be changed until its date.
import { Form, useNavigation } from "@remix-run/react";
import { FieldError, fieldAria } from "~/components/ui/field-error";
import type { PulseQuestionView } from "~/modules/pulse/get-pulse-questions.server";
import { FEELING_LABELS, PULSE_COMMENT_MAX, PULSE_FEELINGS } from "~/modules/pulse/pulse-rules";
import { formatDate } from "~/utils/dates";
import type { FormAnswer } from "~/utils/form-answer";

export type PulseAnswer = FormAnswer & { question?: string };

const SCORE_WORDS: Record<number, string> = { 1: "Very badly", 2: "Badly", 3: "OK", 4: "Well", 5: "Very well" };

function ScoreChoice({
  name,
  value,
  label,
  checked,
}: {
  name: string;
  value: number;
  label: string;
  checked: boolean;
}) {
  return (
    <label className="flex min-w-11 cursor-pointer flex-col items-center rounded-md border border-slate-300 px-2 py-1.5 text-sm has-[:checked]:border-brand-700 has-[:checked]:bg-brand-50 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-600">
      <input type="radio" name={name} value={value} defaultChecked={checked} className="sr-only" required />
      <span className="font-semibold">{value}</span>
      {label ? <span className="text-xs text-slate-600">{label}</span> : null}
    </label>
  );
}

function PulseForm({
  q,
  vendorName,
  answer,
}: {
  q: PulseQuestionView;
  vendorName: string;
  answer: PulseAnswer | undefined;
}) {
  const key = `${q.question}-${q.stageId}`;
  const mine = answer && answer.target === key ? answer : undefined;
  const busy = useNavigation().formData?.get("target") === key;
  const legend =
    q.question === "nps"
      ? `How likely are you to recommend ${vendorName} to a friend or colleague?`
      : `How did ${q.stageName} go?`;
  const scores = q.question === "nps" ? [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] : [1, 2, 3, 4, 5];
  return (
    <Form method="post" className="mt-4 rounded-lg border border-slate-200 bg-white p-4" aria-label={legend}>
      <input type="hidden" name="intent" value="pulse" />
      <input type="hidden" name="target" value={key} />
      <input type="hidden" name="question" value={q.question} />
      <input type="hidden" name="stageId" value={q.stageId} />
      <fieldset {...fieldAria(mine, "score", `${key}-score-error`)}>
        <legend className="font-medium">{legend}</legend>
        {q.question === "nps" ? (
          <p className="text-xs text-slate-600" id={`${key}-scale`}>
            0 is not at all likely, 10 is extremely likely.
          </p>
        ) : null}
        <div className="mt-2 flex flex-wrap gap-1.5">
          {scores.map((n) => (
            <ScoreChoice
              key={n}
              name="score"
              value={n}
              label={q.question === "stage" ? SCORE_WORDS[n]! : ""}
              checked={q.answer?.score === n}
            />
          ))}
        </div>
        <FieldError answer={mine} name="score" id={`${key}-score-error`} />
      </fieldset>
      {q.question === "stage" ? (
        <fieldset className="mt-3" {...fieldAria(mine, "feeling", `${key}-feeling-error`)}>
          <legend className="text-sm font-medium">How did you feel?</legend>
          <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
            {PULSE_FEELINGS.map((f) => (
              <label key={f} className="flex items-center gap-1.5 text-sm">
                <input type="radio" name="feeling" value={f} defaultChecked={q.answer?.feeling === f} required />
                {FEELING_LABELS[f]}
              </label>
            ))}
          </div>
          <FieldError answer={mine} name="feeling" id={`${key}-feeling-error`} />
        </fieldset>
      ) : null}
      <label className="mt-3 block text-sm font-medium" htmlFor={`${key}-comment`}>
        Anything to add? <span className="font-normal text-slate-600">(optional)</span>
      </label>
      <textarea
        id={`${key}-comment`}
        name="comment"
        rows={2}
        maxLength={PULSE_COMMENT_MAX}
        defaultValue={q.answer?.comment ?? ""}
        className="mt-1 block w-full rounded-md border border-slate-300 p-2 text-sm"
        {...fieldAria(mine, "comment", `${key}-comment-error`)}
      />
      <FieldError answer={mine} name="comment" id={`${key}-comment-error`} />
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <button
          type="submit"
          disabled={busy}
          className="rounded-md bg-brand-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-800 disabled:opacity-60"
        >
          {q.answer ? "Change my answer" : "Send my answer"}
        </button>
        {q.answer ? (
          <span className="text-xs text-slate-600">{`You can change it until ${formatDate(q.answer.changeableUntil.slice(0, 10))}.`}</span>
        ) : null}
      </div>
    </Form>
  );
}

export function PulsePrompt({
  questions,
  vendorName,
  answer,
}: {
  questions: PulseQuestionView[];
  vendorName: string;
  answer: PulseAnswer | undefined;
}) {
  const said = answer?.question === "pulse" ? answer : undefined;
  if (questions.length === 0 && !said) return null;
  return (
    <section
      aria-labelledby="pulse-heading"
      id="pulse"
      className="mt-6 rounded-xl border border-slate-200 bg-slate-50 p-5"
    >
      <h2 id="pulse-heading" className="text-lg font-semibold">
        How is it going?
      </h2>
      <p className="mt-1 text-sm text-slate-700">Your answers go to your CSM and shape what we improve.</p>
      {/* Present before any answer, so a screen reader hears the answer when it arrives. */}
      <p role="status" className={said?.ok ? "mt-3 rounded-md bg-green-50 p-3 text-sm text-green-800" : "sr-only"}>
        {said?.ok ? said.message : ""}
      </p>
      {said && !said.ok && !said.fieldErrors ? (
        <p role="alert" className="mt-3 rounded-md bg-red-50 p-3 text-sm text-red-800">
          {said.message}
        </p>
      ) : null}
      {questions.map((q) => (
        <PulseForm key={`${q.question}-${q.stageId}`} q={q} vendorName={vendorName} answer={said} />
      ))}
    </section>
  );
}
