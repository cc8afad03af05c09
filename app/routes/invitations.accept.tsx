// The page an invitation email links to. GET shows who invited whom to what and
// spends nothing; the POST accepts (a password is optional) and signs the person in.
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { pageTitle } from "~/components/brand";
import { PublicPage } from "~/components/public-page";
import { FormAnswerNotice } from "~/components/ui/form-answer-notice";
import { OptionalPasswordField } from "~/components/ui/optional-password-field";
import { PUBLIC_PAGE_LOOK, TextField } from "~/components/ui/text-field";
import { acceptInvitation, describeInvitation } from "~/modules/auth/accept-invitation.server";
import { optionalNewPassword } from "~/modules/auth/password-rules";
import { answer, parseForm } from "~/server/form-answer.server";
import { clientIp } from "~/server/request.server";
import { homeFor } from "~/server/safe-redirect.server";
import { signedInCookies } from "~/server/session-cookie.server";
import { getDb } from "~/utils/db.server";
import { fieldError } from "~/utils/form-answer";

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, "Accept your invitation") },
  { name: "robots", content: "noindex" },
];

const acceptForm = z.object({ password: optionalNewPassword });

const EXPIRED = "This invitation has expired or was already used";

const tokenOf = (request: Request) => new URL(request.url).searchParams.get("token");

export async function loader({ request }: LoaderFunctionArgs) {
  const view = await describeInvitation(getDb(), tokenOf(request), new Date());
  return view.valid ? view : data({ valid: false as const }, { status: 400 });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await parseForm(request, acceptForm);
  if (!form.ok) return form.answer;
  const input = form.input;
  const result = await acceptInvitation(
    getDb(),
    tokenOf(request),
    {
      password: input.password || null,
      ip: clientIp(context),
      userAgent: request.headers.get("user-agent"),
    },
    new Date(),
  );
  // The link itself is refused: the page says so instead of showing the form.
  if (!result.ok) return answer({ ok: false, fieldErrors: { token: EXPIRED } }, 400);
  throw redirect(homeFor(result), { headers: signedInCookies(request, result.token, result.deviceToken) });
}

export default function AcceptInvitation() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (!page.valid || fieldError(result, "token")) {
    return (
      <PublicPage title={EXPIRED}>
        <p>Invitation links work once, for 7 days. If you already accepted, sign in with a link sent to your email:</p>
        <Form method="post" action="/login" className="space-y-3">
          <input type="hidden" name="intent" value="link" />
          <TextField
            name="email"
            label="Email"
            type="email"
            autoComplete="email"
            required
            answer={undefined}
            {...PUBLIC_PAGE_LOOK}
          />
          <button
            type="submit"
            className="w-full rounded-md bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-700"
          >
            Email me a sign-in link
          </button>
        </Form>
        <p>Not joined yet? Ask the person who invited you to send a new invitation.</p>
      </PublicPage>
    );
  }
  const where = page.accountName ? `${page.accountName}'s customer portal` : "the team";
  return (
    <PublicPage title={`Join ${where}`}>
      <p>
        {`${page.inviterName ?? "Your customer success team"} invited `}
        <strong>{page.name}</strong>
        {` (${page.email}) to ${where}`}
        {page.role === "customer"
          ? ", where you follow your journey together: what is done, what is next, and who owns each step."
          : "."}
      </p>
      <Form method="post" className="space-y-3">
        <FormAnswerNotice answer={result} id="form-answer" />
        <OptionalPasswordField
          answer={result}
          answerId="form-answer"
          hint="Without one, you sign in with a link we email you."
        />
        <button
          type="submit"
          className="w-full rounded-md bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-700"
        >
          Accept and sign in
        </button>
      </Form>
    </PublicPage>
  );
}
