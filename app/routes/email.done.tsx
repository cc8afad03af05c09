// "Mark as done" from a nudge email. GET shows what will be completed (mail
// scanners prefetch links); the POST completes it, the signed link standing in for a session.
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { pageTitle } from "~/components/brand";
import { PublicPage } from "~/components/public-page";
import { checkLink, type LinkProblem } from "~/modules/email/signed-links.server";
import { completeFromEmail, describeDoneLink } from "~/modules/journeys/complete-from-email.server";
import { formatDateTime } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { ForbiddenError, NotFoundError } from "~/utils/errors.server";
import { getSigningSecret } from "~/utils/signing-secret.server";

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, "Mark as done") },
  { name: "robots", content: "noindex" },
];

async function claimsFrom(request: Request) {
  const token = new URL(request.url).searchParams.get("token");
  const checked = checkLink(await getSigningSecret(getDb()), token, new Date());
  if ("problem" in checked) return checked;
  return checked.claims.p === "done" ? { claims: checked.claims } : { problem: "invalid" as const };
}

// Each refusal says what actually happened: "expired" only when the link ran out.
const unusable = (problem: LinkProblem) => data({ state: problem, message: null }, { status: 400 });
const refused = (message: string) => data({ state: "refused" as const, message }, { status: 403 });

export async function loader({ request }: LoaderFunctionArgs) {
  const link = await claimsFrom(request);
  if ("problem" in link) return unusable(link.problem);
  try {
    return { state: "ready" as const, message: null, view: await describeDoneLink(getDb(), link.claims) };
  } catch (e) {
    if (e instanceof NotFoundError) return unusable("invalid");
    if (e instanceof ForbiddenError) return refused(e.message);
    throw e;
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const link = await claimsFrom(request);
  if ("problem" in link) return unusable(link.problem);
  try {
    await completeFromEmail(getDb(), link.claims, new Date());
    return { state: "done" as const, message: null };
  } catch (e) {
    if (e instanceof NotFoundError) return unusable("invalid");
    if (e instanceof ForbiddenError) return refused(e.message);
    throw e;
  }
}

function SignIn() {
  return (
    <p>
      <Link to="/login" className="font-medium text-brand-700 underline">
        Sign in
      </Link>
    </p>
  );
}

export default function MarkAsDone() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const state = result?.state === "done" ? page.state : (result?.state ?? page.state);
  if (state === "expired") {
    return (
      <PublicPage title="This link has expired">
        <p>Links in reminder emails work for 7 days. Sign in to mark the step as done on your journey.</p>
        <SignIn />
      </PublicPage>
    );
  }
  if (state === "invalid") {
    return (
      <PublicPage title="This link is not valid">
        <p>
          It may have been cut short by your email program, or the step is no longer there. Sign in to see your steps.
        </p>
        <SignIn />
      </PublicPage>
    );
  }
  if (state === "refused") {
    return (
      <PublicPage title="This step cannot be marked done here">
        <p>{result?.message ?? page.message}</p>
        <SignIn />
      </PublicPage>
    );
  }
  if (page.state !== "ready") return null;
  const view = page.view;
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
