// "Mark as done" from a nudge email. GET shows what will be completed (mail
// scanners prefetch links); the POST completes it, the signed link standing in for a session.
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { PublicPage } from "~/components/public-page";
import { verifyLink } from "~/modules/email/signed-links.server";
import { completeFromEmail, describeDoneLink } from "~/modules/journeys/complete-from-email.server";
import { formatDateTime } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { ForbiddenError, NotFoundError } from "~/utils/errors.server";
import { getSigningSecret } from "~/utils/signing-secret.server";

export const meta: MetaFunction = () => [{ title: "Mark as done · Waypoint" }, { name: "robots", content: "noindex" }];

async function claimsFrom(request: Request) {
  const token = new URL(request.url).searchParams.get("token");
  const claims = verifyLink(await getSigningSecret(getDb()), token, new Date());
  return claims?.p === "done" ? claims : null;
}

const INVALID = { state: "invalid" as const };

export async function loader({ request }: LoaderFunctionArgs) {
  const claims = await claimsFrom(request);
  if (!claims) return data(INVALID, { status: 400 });
  try {
    return { state: "ready" as const, view: await describeDoneLink(getDb(), claims) };
  } catch (e) {
    if (e instanceof NotFoundError) return data(INVALID, { status: 400 });
    throw e;
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const claims = await claimsFrom(request);
  if (!claims) return data({ state: "invalid" as const, message: null }, { status: 400 });
  try {
    await completeFromEmail(getDb(), claims, new Date());
    return { state: "done" as const, message: null };
  } catch (e) {
    if (e instanceof NotFoundError) return data({ state: "invalid" as const, message: null }, { status: 400 });
    if (e instanceof ForbiddenError) return data({ state: "refused" as const, message: e.message }, { status: 403 });
    throw e;
  }
}

export default function MarkAsDone() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (page.state === "invalid" || result?.state === "invalid") {
    return (
      <PublicPage title="This link has expired">
        <p>Links in reminder emails work for 7 days. Sign in to mark the step as done on your journey.</p>
        <p>
          <Link to="/login" className="font-medium text-brand-700 underline">
            Sign in
          </Link>
        </p>
      </PublicPage>
    );
  }
  const view = page.view;
  if (result?.state === "refused") {
    return (
      <PublicPage title="This step cannot be marked done here">
        <p>{result.message}</p>
      </PublicPage>
    );
  }
  if (result?.state === "done" || view.done) {
    return (
      <PublicPage title="Done. Thank you!">
        <p>
          <strong>{view.milestoneTitle}</strong> for {view.accountName} is marked as done
          {view.done && !result
            ? ` (by ${view.done.byName ?? "someone"} on ${formatDateTime(view.done.at, "UTC")})`
            : ""}
          .
        </p>
        <p>
          <Link to="/" className="font-medium text-brand-700 underline">
            Open your portal
          </Link>{" "}
          to see what comes next.
        </p>
      </PublicPage>
    );
  }
  return (
    <PublicPage title="Mark this step as done?">
      <p>
        <strong>{view.milestoneTitle}</strong> for {view.accountName}, as {view.personName}.
      </p>
      <Form method="post">
        <button type="submit" className="rounded-md bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-700">
          Mark as done
        </button>
      </Form>
    </PublicPage>
  );
}
