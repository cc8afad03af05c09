import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { AppShell } from "~/components/app-shell";
import { pageTitle } from "~/components/brand";
import { FormAnswerNotice } from "~/components/ui/form-answer-notice";
import {
  getNotificationPreferences,
  updateNotificationPreferences,
} from "~/modules/email/notification-preferences.server";
import { answer, unreadableForm } from "~/server/form-answer.server";
import { readForm } from "~/server/request.server";
import { requireViewer } from "~/server/viewer.server";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "Email settings") }];

// A checkbox that is not ticked is not sent at all.
const preferencesForm = z.object({
  nudges: z.literal("on").optional(),
  lifecycle: z.literal("on").optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  const prefs = await getNotificationPreferences(getDb(), viewer.id);
  return { viewer: { name: viewer.name, role: viewer.role, email: viewer.email }, prefs };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireViewer(request);
  const form = await readForm(request);
  if (!form) return unreadableForm();
  const parsed = preferencesForm.safeParse(form);
  if (!parsed.success) return answer({ ok: false, message: "Tick or untick the boxes, then save." }, 400);
  await updateNotificationPreferences(getDb(), viewer.id, {
    nudges: parsed.data.nudges === "on",
    lifecycle: parsed.data.lifecycle === "on",
  });
  return answer({ ok: true, message: "Saved." });
}

export default function NotificationSettings() {
  const { viewer, prefs } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const staff = viewer.role !== "customer";
  return (
    <AppShell user={viewer}>
      <h1 className="text-2xl font-bold tracking-tight">Email settings</h1>
      <p className="mt-2 text-sm text-slate-600">
        Emails go to <strong>{viewer.email}</strong>. Sign-in and invitation emails always arrive; these you can turn
        off.
      </p>
      <Form method="post" className="mt-6 max-w-xl space-y-4 rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
        <FormAnswerNotice answer={result} />
        <label className="flex gap-3">
          <input type="checkbox" name="nudges" defaultChecked={prefs.nudges} className="mt-1 h-4 w-4" />
          <span>
            <span className="font-medium">Reminders</span>
            <span className="block text-sm text-slate-600">
              {staff
                ? "A daily digest of steps you own that are due soon or overdue, and escalations of customer steps long overdue on your accounts."
                : "A digest of your steps that are due soon or overdue: at most one a day, in your working hours, never twice in three days about the same step."}
            </span>
          </span>
        </label>
        <label className="flex gap-3">
          <input type="checkbox" name="lifecycle" defaultChecked={prefs.lifecycle} className="mt-1 h-4 w-4" />
          <span>
            <span className="font-medium">Journey updates</span>
            <span className="block text-sm text-slate-600">
              {staff
                ? "A short note when one of your accounts moves to a new stage."
                : "An email when your journey moves to a new stage, with what comes next and where to start."}
            </span>
          </span>
        </label>
        <button
          type="submit"
          disabled={busy}
          className="rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-60"
        >
          {busy ? "Saving…" : "Save"}
        </button>
      </Form>
    </AppShell>
  );
}
