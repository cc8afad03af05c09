// RFC 8058 one-click unsubscribe. GET shows a button (mail scanners follow GET
// links, so GET changes nothing); POST, from the page or a mail client, applies it.
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { pageTitle } from "~/components/brand";
import { PublicPage } from "~/components/public-page";
import { unsubscribe } from "~/modules/email/notification-preferences.server";
import { verifyLink } from "~/modules/email/signed-links.server";
import { getDb } from "~/utils/db.server";
import { getSigningSecret } from "~/utils/signing-secret.server";

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, "Unsubscribe") },
  { name: "robots", content: "noindex" },
];

const LABEL = { nudges: "reminder emails", lifecycle: "journey update emails" } as const;

async function claimsFrom(request: Request) {
  const token = new URL(request.url).searchParams.get("token");
  const claims = verifyLink(await getSigningSecret(getDb()), token, new Date());
  return claims?.p === "unsubscribe" ? claims : null;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const claims = await claimsFrom(request);
  if (!claims) return data({ valid: false as const, label: null }, { status: 400 });
  return { valid: true as const, label: LABEL[claims.c] };
}

export async function action({ request }: ActionFunctionArgs) {
  const claims = await claimsFrom(request);
  if (!claims) return data({ done: false as const, label: null }, { status: 400 });
  const result = await unsubscribe(getDb(), claims);
  if (!result) return data({ done: false as const, label: null }, { status: 400 });
  return { done: true as const, label: LABEL[result.category] };
}

export default function Unsubscribe() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (result?.done) {
    return (
      <PublicPage title="You are unsubscribed">
        <p>You will not get {result.label} any more. Emails you ask for, such as sign-in links, still arrive.</p>
        <p>
          Changed your mind?{" "}
          <Link to="/settings/notifications" className="font-medium text-brand-700 underline">
            Email settings
          </Link>{" "}
          turns them back on.
        </p>
      </PublicPage>
    );
  }
  if (!page.valid || result) {
    return (
      <PublicPage title="This unsubscribe link is not valid">
        <p>
          It may have been cut short by your email program. Sign in and choose which emails you get in your email
          settings.
        </p>
        <p>
          <Link to="/settings/notifications" className="font-medium text-brand-700 underline">
            Open email settings
          </Link>
        </p>
      </PublicPage>
    );
  }
  return (
    <PublicPage title={`Unsubscribe from ${page.label}?`}>
      <p>One click and they stop. You can turn them back on in your email settings.</p>
      <Form method="post">
        <button type="submit" className="rounded-md bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-700">
          Unsubscribe
        </button>
      </Form>
    </PublicPage>
  );
}
