// The first-run page: the one-time link `npm start` prints while the portal has
// no admin. GET shows the form; the POST creates the first admin and signs them in.
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { pageTitle } from "~/components/brand";
import { PublicPage } from "~/components/public-page";
import { FormAnswerNotice } from "~/components/ui/form-answer-notice";
import { OptionalPasswordField } from "~/components/ui/optional-password-field";
import { PUBLIC_PAGE_LOOK, TextField } from "~/components/ui/text-field";
import { createFirstAdmin, describeSetupLink } from "~/modules/auth/create-first-admin.server";
import { ALREADY_SET_UP, firstAdminFields } from "~/modules/auth/first-admin-fields";
import { PASSWORD_MIN_LENGTH } from "~/modules/auth/password-rules";
import { answer, parseForm, refuse } from "~/server/form-answer.server";
import { clientIp } from "~/server/request.server";
import { signedInCookies } from "~/server/session-cookie.server";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, "Set up") },
  { name: "robots", content: "noindex" },
];

const tokenOf = (request: Request) => new URL(request.url).searchParams.get("token");

type SetupPage = { state: "form" } | { state: "no-link" } | { state: "stale" } | { state: "done" };

export async function loader({ request }: LoaderFunctionArgs) {
  const token = tokenOf(request);
  const state = await describeSetupLink(getDb(), token);
  // Once an admin exists the page is gone, for everyone: it never says who set it up.
  if (state === "done") return data<SetupPage>({ state: "done" }, { status: 404 });
  if (state === "valid") return data<SetupPage>({ state: "form" });
  // Every page sends here until setup is done: without a link, say where to find one.
  if (token === null) return data<SetupPage>({ state: "no-link" });
  return data<SetupPage>({ state: "stale" }, { status: 400 });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const db = getDb();
  if ((await describeSetupLink(db, tokenOf(request))) === "done") {
    return answer({ ok: false, message: ALREADY_SET_UP, fieldErrors: { token: ALREADY_SET_UP } }, 404);
  }
  const form = await parseForm(request, firstAdminFields);
  if (!form.ok) return form.answer;
  let created: Awaited<ReturnType<typeof createFirstAdmin>>;
  try {
    created = await createFirstAdmin(
      db,
      tokenOf(request),
      {
        name: form.input.name,
        email: form.input.email,
        password: form.input.password || null,
        ip: clientIp(context),
        userAgent: request.headers.get("user-agent"),
      },
      new Date(),
    );
  } catch (e) {
    return refuse(e);
  }
  throw redirect("/csm", { headers: signedInCookies(request, created.session, created.deviceToken) });
}

export default function Setup() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  if (page.state === "done" || (result && !result.ok && result.fieldErrors?.token === ALREADY_SET_UP)) {
    return (
      <PublicPage title="Waypoint is already set up">
        <p>This setup link no longer works because Waypoint has an admin.</p>
        <Link to="/login" className="font-medium text-brand-700 underline">
          Sign in
        </Link>
      </PublicPage>
    );
  }
  if (page.state !== "form") {
    return (
      <PublicPage title={page.state === "stale" ? "This setup link is not the current one" : "Set up Waypoint"}>
        <p>Waypoint has no admin yet. The first admin is created from a one-time setup link.</p>
        <p>
          {page.state === "stale"
            ? "Each start prints a new link and the old one stops working. Use the link printed the last time Waypoint started, in the terminal or log where `npm start` runs."
            : "Open the setup link printed in the terminal or log where `npm start` runs."}
        </p>
        <p>
          From a shell, <code>npm run admin:create -- --email you@example.com --name "Your Name"</code> does the same.
        </p>
      </PublicPage>
    );
  }
  return (
    <PublicPage title="Create the first admin">
      <p>You are setting up Waypoint. This account can invite your team and set up your customers' accounts.</p>
      <Form method="post" className="space-y-3">
        <FormAnswerNotice answer={result} id="form-answer" />
        <TextField
          name="name"
          label="Your name"
          type="text"
          autoComplete="name"
          required
          answer={result}
          {...PUBLIC_PAGE_LOOK}
        />
        <TextField
          name="email"
          label="Work email"
          type="email"
          autoComplete="email"
          required
          answer={result}
          {...PUBLIC_PAGE_LOOK}
        />
        <OptionalPasswordField
          answer={result}
          minLength={PASSWORD_MIN_LENGTH}
          hint={`At least ${PASSWORD_MIN_LENGTH} characters. Without one, you sign in with a link emailed to you (set RESEND_API_KEY so it can reach you).`}
        />
        <button
          type="submit"
          disabled={busy}
          className="w-full rounded-md bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-700"
        >
          {busy ? "Creating…" : "Create admin and sign in"}
        </button>
      </Form>
    </PublicPage>
  );
}
