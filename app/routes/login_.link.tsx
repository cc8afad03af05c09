// A sign-in link from an email. GET shows a "Sign in" button and spends
// nothing (mail scanners prefetch links); the POST signs in, once.
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { PublicPage } from "~/components/public-page";
import { describeSignInLink, signInWithLink } from "~/modules/auth/sign-in-with-link.server";
import { homeFor, sessionCookie } from "~/modules/auth/viewer.server";
import { getDb } from "~/utils/db.server";
import { clientIp } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Sign in · Waypoint" }, { name: "robots", content: "noindex" }];

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
  if (!result.ok) return data({ failed: true }, { status: 400 });
  throw redirect(homeFor(result), { headers: { "Set-Cookie": sessionCookie(request, result.token) } });
}

export default function SignInLink() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (!page.valid || result?.failed) {
    return (
      <PublicPage title="This sign-in link has expired or was already used">
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
