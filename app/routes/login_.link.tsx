// A sign-in link from an email. GET shows a "Sign in" button and spends
// nothing (mail scanners prefetch links); the POST signs in, once.
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { pageTitle } from "~/components/brand";
import { PublicPage } from "~/components/public-page";
import { describeSignInLink, signInWithLink } from "~/modules/auth/sign-in-with-link.server";
import { answer } from "~/server/form-answer.server";
import { clientIp } from "~/server/request.server";
import { homeFor } from "~/server/safe-redirect.server";
import { signedInCookies } from "~/server/session-cookie.server";
import { getDb } from "~/utils/db.server";
import { fieldError } from "~/utils/form-answer";

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, "Sign in") },
  { name: "robots", content: "noindex" },
];

const EXPIRED = "This sign-in link has expired or was already used";

const tokenOf = (request: Request) => new URL(request.url).searchParams.get("token");

export async function loader({ request }: LoaderFunctionArgs) {
  const view = await describeSignInLink(getDb(), tokenOf(request), new Date());
  return view.valid
    ? { valid: true as const, name: view.name, email: view.email }
    : data({ valid: false as const }, { status: 400 });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const result = await signInWithLink(
    getDb(),
    tokenOf(request),
    { ip: clientIp(context), userAgent: request.headers.get("user-agent") },
    new Date(),
  );
  // The link itself is refused: the page says so instead of showing the button.
  if (!result.ok) return answer({ ok: false, fieldErrors: { token: EXPIRED } }, 400);
  throw redirect(homeFor(result), { headers: signedInCookies(request, result.token, result.deviceToken) });
}

export default function SignInLink() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (!page.valid || fieldError(result, "token")) {
    return (
      <PublicPage title={EXPIRED}>
        <p>Sign-in links work once, for 15 minutes. Ask for a new one on the sign-in page.</p>
        <p>
          <Link to="/login" className="font-medium text-brand-700 underline">
            Get a new sign-in link
          </Link>
        </p>
      </PublicPage>
    );
  }
  return (
    <PublicPage title={`Sign in as ${page.name}?`}>
      <p>{page.email}</p>
      <Form method="post">
        <button
          type="submit"
          className="w-full rounded-md bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-700"
        >
          Sign in
        </button>
      </Form>
    </PublicPage>
  );
}
