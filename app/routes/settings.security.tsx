// A person's sign-in security: their sessions (sign out one or all others) and
// their password (change it, or set one; either signs the other sessions out).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { AppShell } from "~/components/app-shell";
import { pageTitle } from "~/components/brand";
import { Badge } from "~/components/ui/badge";
import { FormAnswerNotice } from "~/components/ui/form-answer-notice";
import { PasswordInput } from "~/components/ui/password-input";
import {
  changePassword,
  hasPassword,
  listSessions,
  signOutOtherSessions,
  signOutSession,
} from "~/modules/auth/manage-sessions.server";
import { PASSWORD_MIN_LENGTH } from "~/modules/auth/password-rules";
import { answer, parseForm } from "~/server/form-answer.server";
import { clientIp } from "~/server/request.server";
import { requireViewer } from "~/server/viewer.server";
import { formatDateTime } from "~/utils/dates";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "Security") }];

const noNul = (v: string) => !v.includes("\0");
const securityForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("sign_out_others") }),
  z.object({ intent: z.literal("sign_out"), sessionId: z.string().min(1).max(100) }),
  z.object({
    intent: z.literal("password"),
    current: z.string().max(1000).optional(),
    next: z
      .string({ error: "Choose a new password." })
      .min(PASSWORD_MIN_LENGTH, { error: `Use at least ${PASSWORD_MIN_LENGTH} characters.` })
      .max(1000, { error: "That password is too long." })
      .refine(noNul, { error: "That password cannot be used." }),
  }),
]);

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  const db = getDb();
  const [sessions, passwordSet] = await Promise.all([
    listSessions(db, viewer.id, viewer.sessionId, new Date()),
    hasPassword(db, viewer.id),
  ]);
  return { viewer: { name: viewer.name, role: viewer.role, timezone: viewer.timezone }, sessions, passwordSet };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requireViewer(request);
  const form = await parseForm(request, securityForm);
  if (!form.ok) return form.answer;
  const input = form.input;
  const db = getDb();
  if (input.intent === "sign_out_others") {
    const n = await signOutOtherSessions(db, viewer.id, viewer.sessionId);
    return answer({
      ok: true,
      message: n ? `Signed out ${n} other session${n === 1 ? "" : "s"}.` : "There were no other sessions.",
    });
  }
  if (input.intent === "sign_out") {
    if (input.sessionId === viewer.sessionId) {
      return answer({ ok: false, message: "Use “Sign out” at the top to end this session." }, 400);
    }
    const done = await signOutSession(db, viewer.id, input.sessionId);
    return done
      ? answer({ ok: true, message: "That session is signed out." })
      : answer({ ok: false, message: "That session had already ended." }, 404);
  }
  const result = await changePassword(
    db,
    { id: viewer.id, email: viewer.email, accountId: viewer.accountId, sessionId: viewer.sessionId },
    { current: input.current || null, next: input.next, ip: clientIp(context) },
    new Date(),
  );
  if (!result.ok) {
    const fieldErrors = result.field ? { [result.field]: result.error } : undefined;
    return answer({ ok: false, message: result.error, fieldErrors }, 400);
  }
  return answer({
    ok: true,
    message: `Password saved.${result.signedOut ? ` ${result.signedOut} other session(s) signed out.` : ""}`,
  });
}

export default function Security() {
  const { viewer, sessions, passwordSet } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <AppShell user={viewer}>
      <h1 className="text-2xl font-bold tracking-tight">Security</h1>
      <FormAnswerNotice answer={result} id="form-answer" className="mt-4" />
      <section aria-labelledby="sessions-h" className="mt-6">
        <h2 id="sessions-h" className="text-lg font-semibold">
          Where you are signed in
        </h2>
        <ul
          className="mt-3 divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white"
          data-testid="sessions"
        >
          {sessions.map((s) => (
            <li key={s.id} className="flex flex-col gap-2 p-4 sm:flex-row sm:items-center sm:justify-between">
              <div className="min-w-0 text-sm">
                <p className="truncate font-medium">
                  {s.userAgent ?? "Unknown browser"} {s.current && <Badge tone="green">This browser</Badge>}
                </p>
                <p className="text-slate-600">
                  Signed in {formatDateTime(s.createdAt, viewer.timezone)} · last active{" "}
                  {formatDateTime(s.lastActiveAt, viewer.timezone)}
                </p>
              </div>
              {!s.current && (
                <Form method="post">
                  <input type="hidden" name="sessionId" value={s.id} />
                  <button
                    type="submit"
                    name="intent"
                    value="sign_out"
                    disabled={busy}
                    className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100"
                  >
                    Sign out
                  </button>
                </Form>
              )}
            </li>
          ))}
        </ul>
        {sessions.length > 1 && (
          <Form method="post" className="mt-3">
            <button
              type="submit"
              name="intent"
              value="sign_out_others"
              disabled={busy}
              className="rounded-md border border-red-300 px-3 py-1.5 text-sm text-red-700 hover:bg-red-50"
            >
              Sign out everywhere else
            </button>
          </Form>
        )}
      </section>

      <section aria-labelledby="password-h" className="mt-8">
        <h2 id="password-h" className="text-lg font-semibold">
          {passwordSet ? "Change your password" : "Set a password"}
        </h2>
        {!passwordSet && (
          <p className="mt-1 text-sm text-slate-600">You sign in with emailed links. A password is optional.</p>
        )}
        <Form method="post" className="mt-3 max-w-md space-y-3 rounded-xl border border-slate-200 bg-white p-5">
          {passwordSet && (
            <div>
              <label htmlFor="current" className="block text-sm font-medium">
                Current password
              </label>
              <PasswordInput
                name="current"
                autoComplete="current-password"
                answer={result}
                answerId="form-answer"
                className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2"
              />
            </div>
          )}
          <div>
            <label htmlFor="next" className="block text-sm font-medium">
              New password
            </label>
            <PasswordInput
              name="next"
              autoComplete="new-password"
              answer={result}
              answerId="form-answer"
              minLength={PASSWORD_MIN_LENGTH}
              required
              className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2"
            />
            <p className="mt-1 text-xs text-slate-500">
              At least {PASSWORD_MIN_LENGTH} characters. Your other sessions are signed out.
            </p>
          </div>
          <button
            type="submit"
            name="intent"
            value="password"
            disabled={busy}
            className="rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700"
          >
            Save password
          </button>
        </Form>
      </section>
    </AppShell>
  );
}
