import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { BrandMark, pageTitle } from "~/components/brand";
import { FormAnswerNotice } from "~/components/ui/form-answer-notice";
import { TextField } from "~/components/ui/text-field";
import { linkLimitMessage, passwordLimitMessage } from "~/modules/auth/limit-messages";
import { requestSignInLink, SIGN_IN_LINK_MINUTES } from "~/modules/auth/request-sign-in-link.server";
import { signInWithPassword } from "~/modules/auth/sign-in.server";
import { retryAtText } from "~/modules/auth/throttle.server";
import { answer, fieldErrorsOf, unreadableForm } from "~/server/form-answer.server";
import { clientIp, readForm } from "~/server/request.server";
import { homeFor, safeRedirect } from "~/server/safe-redirect.server";
import { DEVICE_COOKIE, readCookie, signedInCookies } from "~/server/session-cookie.server";
import { getViewer } from "~/server/viewer.server";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "Sign in") }];

const email = z
  .string({ error: "Enter your email address." })
  .trim()
  .refine((v) => !v.includes("\0"), { error: "Enter a valid email address." })
  .min(1, { error: "Enter your email address." })
  .max(320, { error: "That email address is too long." })
  .email({ error: "Enter a valid email address." });

const signInForm = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("password"),
    email,
    password: z
      .string({ error: "Enter your password." })
      .refine((v) => !v.includes("\0"), { error: "Enter your password." })
      .min(1, { error: "Enter your password." })
      .max(1000, { error: "That password is too long." }),
    redirectTo: z.string().max(2000).optional(),
  }),
  z.object({ intent: z.literal("link"), email }),
]);

// Whether or not the address has an account, the answer is these words, no sooner than this.
const LINK_SENT = `If that address has an account, a sign-in link is on its way. It works once, for ${SIGN_IN_LINK_MINUTES} minutes.`;
const LINK_ANSWER_MS = 400;

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await getViewer(request);
  if (viewer) throw redirect(homeFor(viewer));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ip = clientIp(context);
  const form = await readForm(request);
  if (!form) return unreadableForm();
  const parsed = signInForm.safeParse({ intent: "password", ...form });
  if (!parsed.success) {
    const fieldErrors = fieldErrorsOf(parsed.error);
    if (fieldErrors.intent) return answer({ ok: false, message: "Choose how to sign in." }, 400);
    // Each field says what is wrong with it; there is no line above the form.
    return answer({ ok: false, fieldErrors }, 400);
  }
  const input = parsed.data;
  const now = new Date();
  const deviceToken = readCookie(request, DEVICE_COOKIE);

  if (input.intent === "link") {
    const started = Date.now();
    const result = await requestSignInLink(getDb(), { email: input.email, ip, deviceToken }, now);
    await new Promise((r) => setTimeout(r, Math.max(0, LINK_ANSWER_MS - (Date.now() - started))));
    if (!result.ok) {
      return answer({ ok: false, message: linkLimitMessage(retryAtText(result.retryAt)) }, 429);
    }
    return answer({ ok: true, message: LINK_SENT });
  }

  const result = await signInWithPassword(
    getDb(),
    { email: input.email, password: input.password, userAgent: request.headers.get("user-agent"), ip, deviceToken },
    now,
  );
  if (!result.ok) {
    if (result.retryAt) {
      return answer(
        { ok: false, message: passwordLimitMessage(result.limit ?? "address", retryAtText(result.retryAt)) },
        429,
      );
    }
    return answer({ ok: false, message: result.error }, 400);
  }
  throw redirect(safeRedirect(input.redirectTo, homeFor(result)), {
    headers: signedInCookies(request, result.token, result.deviceToken),
  });
}

function SignInButtons({ busy, sending }: { busy: boolean; sending: boolean }) {
  return (
    <>
      <button
        type="submit"
        name="intent"
        value="password"
        disabled={busy}
        className="w-full rounded-md bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-700 disabled:opacity-60"
      >
        {busy && !sending ? "Signing in..." : "Sign in"}
      </button>
      <div className="flex items-center gap-3 text-xs text-slate-500">
        <span className="h-px flex-1 bg-slate-200" />
        or, without a password
        <span className="h-px flex-1 bg-slate-200" />
      </div>
      <button
        type="submit"
        name="intent"
        value="link"
        disabled={busy}
        className="w-full rounded-md border border-brand-600 px-4 py-2 font-semibold text-brand-700 hover:bg-brand-50 disabled:opacity-60"
      >
        {sending ? "Sending..." : "Email me a sign-in link"}
      </button>
    </>
  );
}

export default function Login() {
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const sending = busy && navigation.formData?.get("intent") === "link";
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <p className="text-center">
          <BrandMark />
        </p>
        <h1 className="mt-4 text-center text-2xl font-bold tracking-tight">Sign in to your portal</h1>
        <Form
          method="post"
          className="mt-8 space-y-5 rounded-xl border border-slate-200 bg-white p-6 shadow-sm"
          noValidate
        >
          <FormAnswerNotice answer={result} />
          <TextField name="email" label="Email" type="email" autoComplete="email" required answer={result} />
          <TextField name="password" label="Password" type="password" autoComplete="current-password" answer={result} />
          <SignInButtons busy={busy} sending={sending} />
          <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        </Form>
      </div>
    </main>
  );
}
