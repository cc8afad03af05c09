import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { signInWithPassword } from "~/modules/auth/sign-in.server";
import { getViewer, homeFor, safeRedirect, sessionCookie } from "~/modules/auth/viewer.server";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction = () => [{ title: "Sign in · Waypoint" }];

const signInForm = z.object({
  email: z.string({ error: "Enter your email address." }).trim().refine((v) => !v.includes("\0"), { error: "Enter a valid email address." }).min(1, { error: "Enter your email address." }).max(320, { error: "That email address is too long." }).email({ error: "Enter a valid email address." }),
  password: z.string({ error: "Enter your password." }).refine((v) => !v.includes("\0"), { error: "Enter your password." }).min(1, { error: "Enter your password." }).max(1000, { error: "That password is too long." }),
  redirectTo: z.string().max(2000).optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await getViewer(request);
  if (viewer) throw redirect(homeFor(viewer));
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  let form: Record<string, FormDataEntryValue>;
  try {
    form = Object.fromEntries(await request.formData());
  } catch {
    return data({ error: "The form could not be read." as string | null, fields: {} as Record<string, string> }, { status: 400 });
  }
  const parsed = signInForm.safeParse(form);
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) fields[String(issue.path[0])] ??= issue.message;
    return data({ error: null as string | null, fields }, { status: 400 });
  }
  const result = await signInWithPassword(
    getDb(),
    { email: parsed.data.email, password: parsed.data.password, userAgent: request.headers.get("user-agent") },
    new Date(),
  );
  if (!result.ok) return data({ error: result.error, fields: {} as Record<string, string> }, { status: 400 });
  throw redirect(safeRedirect(parsed.data.redirectTo, homeFor(result)), {
    headers: { "Set-Cookie": sessionCookie(request, result.token) },
  });
}

export default function Login() {
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const fields = actionData?.fields ?? {};
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <p className="text-center text-xl font-bold text-brand-700">Waypoint</p>
        <h1 className="mt-4 text-center text-2xl font-bold tracking-tight">Sign in to your portal</h1>
        <Form method="post" className="mt-8 space-y-5 rounded-xl border border-slate-200 bg-white p-6 shadow-sm" noValidate>
          {actionData?.error && (
            <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
              {actionData.error}
            </p>
          )}
          <div>
            <label htmlFor="email" className="block text-sm font-medium text-slate-800">
              Email
            </label>
            <input
              id="email"
              name="email"
              type="email"
              autoComplete="email"
              required
              aria-invalid={fields.email ? true : undefined}
              aria-describedby={fields.email ? "email-error" : undefined}
              className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 shadow-sm focus:border-brand-600"
            />
            {fields.email && (
              <p id="email-error" className="mt-1 text-sm text-red-700">
                {fields.email}
              </p>
            )}
          </div>
          <div>
            <label htmlFor="password" className="block text-sm font-medium text-slate-800">
              Password
            </label>
            <input
              id="password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              aria-invalid={fields.password ? true : undefined}
              aria-describedby={fields.password ? "password-error" : undefined}
              className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 shadow-sm focus:border-brand-600"
            />
            {fields.password && (
              <p id="password-error" className="mt-1 text-sm text-red-700">
                {fields.password}
              </p>
            )}
          </div>
          <button
            type="submit"
            disabled={busy}
            className="w-full rounded-md bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-700 disabled:opacity-60"
          >
            {busy ? "Signing in..." : "Sign in"}
          </button>
          <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        </Form>
      </div>
    </main>
  );
}
