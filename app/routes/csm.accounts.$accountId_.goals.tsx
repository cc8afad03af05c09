// An account's success goals for staff: the CSM of the account and admins set
// each goal (title, measure, target date, status), record its result once it is
// over, and link it to the journey step that reaches it; a viewer reads them.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { GOAL_STATUSES } from "#db/schema";
import { pageTitle } from "~/components/brand";
import { FormPage } from "~/components/form-page";
import { GoalCard } from "~/components/goals/goal-card";
import { Comments } from "~/components/journey/comments";
import { FIELD_INPUT } from "~/components/ui/field";
import { FieldError, fieldAria } from "~/components/ui/field-error";
import { mayChange } from "~/modules/accounts/access.server";
import {
  GOAL_MEASURE_MAX,
  GOAL_RESULT_MAX,
  GOAL_STATUS_LABEL,
  GOAL_TITLE_MAX,
  goalIntent,
} from "~/modules/goals/goal-forms";
import { type GoalsPage, type GoalView, getGoalsPage } from "~/modules/goals/list-goals.server";
import { createGoal, linkGoalStep, updateGoal } from "~/modules/goals/save-goal.server";
import { answerGoalCommentForm, postedIntent } from "~/server/comment-form.server";
import { answer, invalidForm, refuse, unreadableForm } from "~/server/form-answer.server";
import { readForm } from "~/server/request.server";
import { requireStaff } from "~/server/viewer.server";
import { getDb } from "~/utils/db.server";
import { NotFoundError } from "~/utils/errors.server";
import type { FormAnswer } from "~/utils/form-answer";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: pageTitle(matches, data ? `Goals · ${data.page.account.name}` : "Goals") },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireStaff(request);
  try {
    const page = await getGoalsPage(getDb(), viewer, params.accountId ?? "");
    return {
      viewer: { name: viewer.name, role: viewer.role, timezone: viewer.timezone },
      page,
      // A viewer reads the goals without the forms; the commands refuse them anyway.
      canEdit: mayChange(viewer),
    };
  } catch (e) {
    if (e instanceof NotFoundError) throw new Response("No such account", { status: 404 });
    throw e;
  }
}

/** Which form an answer is about: a goal's id, or "new" for the form that adds one. */
const NEW = "new";

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireStaff(request);
  // Narrowed to this page's account: a goal of any other account is a 404.
  if ((await postedIntent(request)) === "goal_comment") {
    return answerGoalCommentForm(request, { ...viewer, accountId: params.accountId ?? "" });
  }
  const form = await readForm(request);
  if (!form) return unreadableForm();
  const target = typeof form.goalId === "string" && form.goalId ? form.goalId : NEW;
  const parsed = goalIntent.safeParse(form);
  if (!parsed.success) return invalidForm(parsed.error, target);
  const input = parsed.data;
  const accountId = params.accountId ?? "";
  const db = getDb();
  const now = new Date();
  try {
    if (input.intent === "create") {
      await createGoal(db, viewer, { accountId, ...input }, now);
      return answer({ ok: true, message: `Goal added: ${input.title}.`, target });
    }
    if (input.intent === "update") {
      const { changed } = await updateGoal(db, viewer, { accountId, ...input }, now);
      return answer({
        ok: true,
        message: changed.length ? `Saved "${input.title}": ${changed.join(", ")}.` : "Nothing to change.",
        target,
      });
    }
    const { stepTitle } = await linkGoalStep(
      db,
      viewer,
      { accountId, goalId: input.goalId, milestoneId: input.milestoneId || null },
      now,
    );
    return answer({
      ok: true,
      message: stepTitle
        ? `Linked: completing "${stepTitle}" will ask for the result and mark the goal achieved.`
        : "The goal is no longer linked to a step.",
      target,
    });
  } catch (e) {
    return refuse(e, target);
  }
}

const BUTTON = "rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700";

/** A labelled control with its error beside it; ids carry the form's prefix, as the page holds a form per goal. */
function GoalField({
  prefix,
  name,
  label,
  hint,
  answer,
  children,
}: {
  prefix: string;
  name: string;
  label: string;
  hint?: string;
  answer: FormAnswer | undefined;
  children: (p: ReturnType<typeof fieldAria> & { id: string; name: string }) => ReactNode;
}) {
  const id = `${prefix}-${name}`;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
        {hint ? <span className="font-normal text-slate-600"> ({hint})</span> : null}
      </label>
      {children({ id, name, ...fieldAria(answer, name, `${id}-error`) })}
      <FieldError answer={answer} name={name} id={`${id}-error`} />
    </div>
  );
}

function GoalFields({ prefix, goal, answer }: { prefix: string; goal?: GoalView; answer: FormAnswer | undefined }) {
  return (
    <>
      <GoalField prefix={prefix} name="title" label="Title" answer={answer}>
        {(p) => <input {...p} required maxLength={GOAL_TITLE_MAX} defaultValue={goal?.title} className={FIELD_INPUT} />}
      </GoalField>
      <GoalField
        prefix={prefix}
        name="measure"
        label="Measure"
        hint="for example: cut month-end reporting from 5 days to 1"
        answer={answer}
      >
        {(p) => (
          <input {...p} required maxLength={GOAL_MEASURE_MAX} defaultValue={goal?.measure} className={FIELD_INPUT} />
        )}
      </GoalField>
      <GoalField prefix={prefix} name="targetOn" label="Target date" answer={answer}>
        {(p) => <input {...p} type="date" required defaultValue={goal?.targetOn} className={FIELD_INPUT} />}
      </GoalField>
      <GoalField prefix={prefix} name="status" label="Status" answer={answer}>
        {(p) => (
          <select {...p} defaultValue={goal?.status ?? "not_started"} className={FIELD_INPUT}>
            {GOAL_STATUSES.map((s) => (
              <option key={s} value={s}>
                {GOAL_STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        )}
      </GoalField>
      <div className="sm:col-span-2">
        <GoalField
          prefix={prefix}
          name="result"
          label="Result"
          hint="once the goal is achieved or missed: the evidence in words"
          answer={answer}
        >
          {(p) => (
            <textarea
              {...p}
              rows={3}
              maxLength={GOAL_RESULT_MAX}
              defaultValue={goal?.result ?? ""}
              className={FIELD_INPUT}
            />
          )}
        </GoalField>
      </div>
    </>
  );
}

function LinkStepForm({
  goal,
  steps,
  answer,
  busy,
}: {
  goal: GoalView;
  steps: GoalsPage["steps"];
  answer: FormAnswer | undefined;
  busy: boolean;
}) {
  const prefix = `link-${goal.id}`;
  const linked = steps.find((s) => s.goalId === goal.id);
  return (
    <Form method="post" className="mt-3 flex flex-wrap items-end gap-3" key={linked?.id ?? "none"}>
      <input type="hidden" name="goalId" value={goal.id} />
      <div className="min-w-0 flex-1">
        <GoalField prefix={prefix} name="milestoneId" label="Step that reaches this goal" answer={answer}>
          {(p) => (
            <select {...p} defaultValue={linked?.id ?? ""} className={FIELD_INPUT}>
              <option value="">No step</option>
              {steps.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.stageName}: {s.title}
                </option>
              ))}
            </select>
          )}
        </GoalField>
      </div>
      <button type="submit" name="intent" value="link" disabled={busy} className={BUTTON}>
        Link step
      </button>
    </Form>
  );
}

export default function AccountGoalsPage() {
  const { viewer, page, canEdit } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const about = (target: string) => (result?.target === target ? result : undefined);
  return (
    <FormPage
      user={viewer}
      back={{ to: `/csm/accounts/${page.account.id}`, label: page.account.name }}
      title={`Goals for ${page.account.name}`}
      answer={result}
    >
      <p className="mt-2 max-w-2xl text-sm text-slate-600">
        What the customer wants to achieve, as sales handed it over. The customer sees these goals, their status and
        their result at the top of their journey. Every change is in the account's timeline.
      </p>

      {page.goals.length === 0 ? (
        <p className="mt-6 text-sm">No goals yet.</p>
      ) : (
        <ul className="mt-6 grid max-w-3xl gap-4">
          {page.goals.map((g) => (
            <GoalCard key={g.id} goal={g} timezone={viewer.timezone} headingLevel={2}>
              {canEdit ? (
                <>
                  <details className="mt-3" open={about(g.id) !== undefined && !about(g.id)?.ok}>
                    <summary className="cursor-pointer text-sm font-medium text-brand-700 underline">
                      Edit "{g.title}" or record its result
                    </summary>
                    <Form
                      method="post"
                      className="mt-2 grid gap-4 sm:grid-cols-2"
                      key={`${g.title}|${g.measure}|${g.targetOn}|${g.status}|${g.result ?? ""}`}
                    >
                      <input type="hidden" name="goalId" value={g.id} />
                      <GoalFields prefix={`goal-${g.id}`} goal={g} answer={about(g.id)} />
                      <button
                        type="submit"
                        name="intent"
                        value="update"
                        disabled={busy}
                        className={`${BUTTON} sm:justify-self-start`}
                      >
                        Save goal
                      </button>
                    </Form>
                  </details>
                  <LinkStepForm goal={g} steps={page.steps} answer={about(g.id)} busy={busy} />
                </>
              ) : null}
              <Comments
                subject={{ kind: "goal", id: g.id, title: g.title }}
                comments={g.comments}
                timezone={viewer.timezone}
                reader="staff"
                canComment={canEdit}
                mentionable={page.mentionable}
                headingLevel={3}
              />
            </GoalCard>
          ))}
        </ul>
      )}

      {canEdit ? (
        <section aria-labelledby="new-goal" className="mt-8 max-w-3xl">
          <h2 id="new-goal" className="text-lg font-semibold">
            Add a goal
          </h2>
          <Form
            method="post"
            className="mt-2 grid gap-4 rounded-xl border border-slate-200 bg-white p-5 sm:grid-cols-2"
            key={page.goals.length}
          >
            <GoalFields prefix={NEW} answer={about(NEW)} />
            <button
              type="submit"
              name="intent"
              value="create"
              disabled={busy}
              className={`${BUTTON} sm:justify-self-start`}
            >
              Add goal
            </button>
          </Form>
        </section>
      ) : null}
    </FormPage>
  );
}
