// Upgrading a playbook's running journeys to a newer version: choose the version and the
// journeys, read each journey's preview, confirm, and follow the run's progress. Admins only
// (CSMs and viewers find nothing, as on the other admin pages; ADR 036).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useFetcher, useLoaderData, useSearchParams } from "@remix-run/react";
import { useEffect } from "react";
import { AppShell } from "~/components/app-shell";
import { BackLink } from "~/components/back-link";
import { pageTitle } from "~/components/brand";
import { FormAnswerNotice } from "~/components/ui/form-answer-notice";
import { ProgressBar } from "~/components/ui/progress-bar";
import { getUpgradePage } from "~/modules/upgrades/get-upgrade-page.server";
import type { FieldChange, JourneyUpgradePlan } from "~/modules/upgrades/plan-journey-upgrade";
import { applyUpgradeForm, filterOf, upgradeQuerySchema } from "~/modules/upgrades/upgrade-forms";
import { upgradeJourneys } from "~/modules/upgrades/upgrade-journeys.server";
import { answer, parseForm, refusal, refuse } from "~/server/form-answer.server";
import { requireAdmin } from "~/server/viewer.server";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "Upgrade running journeys") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireAdmin(request);
  const url = new URL(request.url);
  const query = upgradeQuerySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!query.success) throw new Response(query.error.issues[0]?.message ?? "Invalid choice.", { status: 400 });
  try {
    const page = await getUpgradePage(getDb(), viewer, {
      playbookId: params.playbookId ?? "",
      toVersionId: query.data.to ?? null,
      filter: filterOf(query.data),
      progressOnly: url.searchParams.get("progress") === "1",
    });
    return { viewer: { name: viewer.name, role: viewer.role, timezone: viewer.timezone }, page };
  } catch (e) {
    const refused = refusal(e);
    if (refused) throw new Response(refused.message, { status: refused.status });
    throw e;
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireAdmin(request);
  const form = await parseForm(request, applyUpgradeForm);
  if (!form.ok) return form.answer;
  try {
    const r = await upgradeJourneys(
      getDb(),
      viewer,
      { playbookId: params.playbookId ?? "", toVersionId: form.input.to, filter: filterOf(form.input) },
      () => new Date(),
    );
    const n = (count: number, one: string) => `${count} ${one}${count === 1 ? "" : "s"}`;
    return answer({
      ok: true,
      message:
        `Upgraded ${n(r.upgraded, "journey")}: ` +
        (r.stagesAdded ? `${n(r.stagesAdded, "stage")} added, ` : "") +
        `${n(r.milestonesAdded, "milestone")} added, ` +
        `${r.milestonesChanged} changed, ${r.milestonesRetired} marked not needed.` +
        (r.skipped ? ` ${n(r.skipped, "journey")} had been upgraded already.` : ""),
    });
  } catch (e) {
    return refuse(e);
  }
}

const control = "mt-1 block w-full min-w-0 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm";
const FIELD_LABEL: Record<FieldChange["field"], string> = {
  title: "Title",
  description: "Description",
  required: "Required",
  dueOffsetDays: "Due offset (days)",
  dueOffsetKind: "Days counted",
  dueFrom: "Due from",
  visibility: "Shown to",
  firstValue: "First value",
};
const shown = (v: FieldChange["from"]) =>
  v === null ? "none" : typeof v === "boolean" ? (v ? "yes" : "no") : String(v).replace(/_/g, " ");

function JourneyPlan({
  accountName,
  csmName,
  stage,
  plan,
}: {
  accountName: string;
  csmName: string | null;
  stage: string | null;
  plan: JourneyUpgradePlan;
}) {
  const kept: [string, string[]][] = [
    ["Done", plan.kept.done],
    ["Added to this journey only", plan.kept.addedHere],
    ["Owner changed here", plan.kept.ownerChangedHere],
    ["Due date changed here", plan.kept.dueChangedHere],
    ["Marked not needed", plan.kept.notApplicable],
  ];
  return (
    <li className="rounded-xl border border-slate-200 bg-white p-4" data-testid="journey-preview">
      <h3 className="break-words font-semibold">{accountName}</h3>
      <p className="text-sm text-slate-700">
        {`Version ${plan.fromNumber ?? "?"} → ${plan.toNumber}`}
        {stage ? ` · in ${stage}` : ""}
        {csmName ? ` · CSM ${csmName}` : ""}
      </p>
      {!plan.changesWork && <p className="mt-2 text-sm">No milestone changes; the journey records the new version.</p>}
      {(plan.stagesAdded.length > 0 || plan.stagesChanged.length > 0) && (
        <>
          <h4 className="mt-3 text-sm font-semibold">Stages</h4>
          <ul className="ml-5 list-disc text-sm" data-testid="stage-changes">
            {plan.stagesAdded.map((s) => (
              <li key={s.key} className="break-words">
                Stage added: {s.name} <span className="text-slate-700">(stage {s.position})</span>
                {s.inPassedStage && (
                  <span className="block text-amber-800">
                    Before this journey's current stage: it counts as passed; the journey stays where it is.
                  </span>
                )}
              </li>
            ))}
            {plan.stagesChanged.map((c) => (
              <li key={c.key} className="break-words">
                Stage {c.changes.find((f) => f.field === "name")?.from ?? c.key}:{" "}
                {c.changes.map((f) => (f.field === "name" ? `renamed “${f.to}”` : "description reworded")).join("; ")}
              </li>
            ))}
          </ul>
        </>
      )}
      {plan.added.length > 0 && (
        <>
          <h4 className="mt-3 text-sm font-semibold">Added</h4>
          <ul className="ml-5 list-disc text-sm">
            {plan.added.map((a) => (
              <li key={a.key} className="break-words">
                {a.title}{" "}
                <span className="text-slate-700">
                  ({a.stageName}
                  {a.required ? ", required" : ", optional"})
                </span>
                {a.inPassedStage && (
                  <span className="block text-amber-800">
                    In a stage this journey has passed: it shows as open work; the journey stays where it is.
                  </span>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {plan.changed.length > 0 && (
        <>
          <h4 className="mt-3 text-sm font-semibold">Changed</h4>
          <ul className="ml-5 list-disc text-sm">
            {plan.changed.map((c) => (
              <li key={c.key} className="break-words">
                {c.title}:{" "}
                {c.changes
                  .map((f) =>
                    f.field === "description"
                      ? "description reworded"
                      : `${FIELD_LABEL[f.field]} ${shown(f.from)} → ${shown(f.to)}`,
                  )
                  .join("; ")}
                {c.changes.some((f) => f.field.startsWith("due")) && !c.recountDue && (
                  <span className="text-slate-700"> (its due date, changed here, is kept)</span>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {plan.removed.length > 0 && (
        <>
          <h4 className="mt-3 text-sm font-semibold">Removed from the playbook</h4>
          <ul className="ml-5 list-disc text-sm">
            {plan.removed.map((r) => (
              <li key={r.key} className="break-words">
                {r.title}:{" "}
                {r.outcome === "marked_not_needed"
                  ? "marked not needed"
                  : r.outcome === "kept_done"
                    ? "kept, it is done"
                    : "kept as not needed"}
              </li>
            ))}
          </ul>
        </>
      )}
      <h4 className="mt-3 text-sm font-semibold">Kept as they are</h4>
      <dl className="text-sm">
        {kept.map(([label, titles]) => (
          <div key={label} className="flex flex-wrap gap-x-1">
            <dt className="text-slate-700">{label}:</dt>
            <dd className="break-words">{titles.length ? titles.join(", ") : "none"}</dd>
          </div>
        ))}
      </dl>
    </li>
  );
}

export default function UpgradePage() {
  const { viewer, page } = useLoaderData<typeof loader>();
  const [search] = useSearchParams();
  const apply = useFetcher<typeof action>();
  const poll = useFetcher<typeof loader>();
  const running = apply.state !== "idle" || page.run?.status === "running";
  // The apply's request stays open while it runs; meanwhile the page reads the run's progress.
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => {
      if (poll.state === "idle") poll.load(`/admin/playbooks/${page.playbook.id}/upgrade?progress=1`);
    }, 500);
    return () => clearInterval(timer);
  }, [running, poll, page.playbook.id]);
  const run = poll.data?.page.run ?? page.run;
  const preview = page.preview;
  const target = page.versions.find((v) => v.id === page.targetId);
  const value = (k: string) => search.get(k) ?? "";

  return (
    <AppShell user={viewer}>
      <BackLink to="/admin/playbooks">Playbooks</BackLink>
      <h1 className="mt-2 break-words text-2xl font-bold tracking-tight">Upgrade running journeys</h1>
      <p className="mt-1 break-words text-sm text-slate-700">{page.playbook.name}</p>

      <Form method="get" className="mt-4 grid gap-3 rounded-xl border border-slate-200 bg-white p-4 sm:grid-cols-2">
        <div>
          <label htmlFor="to" className="text-sm font-medium">
            Upgrade to
          </label>
          <select id="to" name="to" defaultValue={page.targetId ?? ""} className={control}>
            {page.versions.map((v) => (
              <option key={v.id} value={v.id}>{`Version ${v.number}: ${v.note}`}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="fromVersion" className="text-sm font-medium">
            Journeys on
          </label>
          <select id="fromVersion" name="fromVersion" defaultValue={value("fromVersion")} className={control}>
            <option value="">Any older version</option>
            {page.versions.map((v) => (
              <option key={v.id} value={v.number}>{`Version ${v.number} (${v.runningJourneys} running)`}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="accountId" className="text-sm font-medium">
            Account
          </label>
          <select id="accountId" name="accountId" defaultValue={value("accountId")} className={control}>
            <option value="">Every account</option>
            {page.accounts.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="csmId" className="text-sm font-medium">
            CSM
          </label>
          <select id="csmId" name="csmId" defaultValue={value("csmId")} className={control}>
            <option value="">Every CSM</option>
            {page.csms.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="stageKey" className="text-sm font-medium">
            Current stage
          </label>
          <select id="stageKey" name="stageKey" defaultValue={value("stageKey")} className={control}>
            <option value="">Any stage</option>
            {page.stages.map((s) => (
              <option key={s.key} value={s.key}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <div className="flex items-end">
          <button type="submit" className="rounded-md border border-slate-300 bg-white px-4 py-2 font-medium">
            Preview
          </button>
        </div>
      </Form>

      <div aria-live="polite" className="mt-4 space-y-3">
        <FormAnswerNotice answer={apply.data} id="upgrade-answer" />
        {run && (running || run.status !== "done" || !apply.data) && (
          <div>
            <ProgressBar
              done={run.processed}
              total={run.total}
              label={
                run.status === "running"
                  ? `Upgrading journeys to version ${run.toNumber}`
                  : run.status === "failed"
                    ? `The last upgrade to version ${run.toNumber} failed`
                    : `Last upgrade to version ${run.toNumber}: ${run.upgraded} upgraded`
              }
            />
            {run.error && <p className="mt-1 text-sm text-red-800">{run.error}</p>}
          </div>
        )}
      </div>

      {preview && target && (
        <section aria-labelledby="preview-title" className="mt-6">
          <h2 id="preview-title" className="text-lg font-semibold">
            Preview
          </h2>
          <p className="mt-1 text-sm" data-testid="preview-summary">
            {preview.total === 0
              ? `No running journey to upgrade: every chosen journey is on version ${preview.version.number} or newer.`
              : `${preview.total} journey${preview.total === 1 ? "" : "s"} chosen; ${preview.withChanges} with milestone changes.` +
                (preview.total > preview.journeys.length ? ` The first ${preview.journeys.length} are shown.` : "")}
          </p>
          {preview.total > 0 && (
            <apply.Form method="post" className="mt-3 space-y-3 rounded-xl border border-slate-200 bg-white p-4">
              <input type="hidden" name="to" value={target.id} />
              {(["fromVersion", "accountId", "csmId", "stageKey"] as const).map((k) => (
                <input key={k} type="hidden" name={k} value={value(k)} />
              ))}
              <div className="flex items-start gap-2">
                <input id="confirm" name="confirm" type="checkbox" required className="mt-1" />
                <label htmlFor="confirm" className="text-sm">
                  I checked the preview. Done work, steps added to a journey, and owners and dates changed on a journey
                  are kept; removed open steps are marked not needed.
                </label>
              </div>
              <button
                type="submit"
                name="intent"
                value="apply"
                disabled={running}
                className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60"
              >
                {`Upgrade ${preview.total} journey${preview.total === 1 ? "" : "s"} to version ${preview.version.number}`}
              </button>
            </apply.Form>
          )}
          <ul className="mt-4 space-y-3" aria-label="Journeys to upgrade">
            {preview.journeys.map((j) => (
              <JourneyPlan
                key={j.journeyId}
                accountName={j.accountName}
                csmName={j.csmName}
                stage={j.currentStageName}
                plan={j.plan}
              />
            ))}
          </ul>
        </section>
      )}
    </AppShell>
  );
}
