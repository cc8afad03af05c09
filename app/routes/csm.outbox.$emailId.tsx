import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AppShell } from "~/components/app-shell";
import { pageTitle } from "~/components/brand";
import { EMAIL_KIND_LABELS, EmailStatusBadge } from "~/components/email/email-status";
import { emailContext } from "~/modules/email/email-context.server";
import { getOutboxEmail } from "~/modules/email/get-outbox-email.server";
import { requireStaff } from "~/server/viewer.server";
import { formatDateTime } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { NotFoundError } from "~/utils/errors.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: pageTitle(matches, data ? `${data.email.subject} · Outbox` : "Outbox") },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireStaff(request);
  const db = getDb();
  try {
    const email = await getOutboxEmail(db, viewer, params.emailId ?? "", await emailContext(db, getEnv()));
    return { viewer: { name: viewer.name, role: viewer.role, timezone: viewer.timezone }, email };
  } catch (e) {
    if (e instanceof NotFoundError) throw new Response("No such email", { status: 404 });
    throw e;
  }
}

// Links in the preview open in a new tab, outside the sandbox, as they would from a mail client.
function previewHtml(html: string): string {
  const base = '<base target="_blank">';
  return /<head[^>]*>/i.test(html) ? html.replace(/<head([^>]*)>/i, `<head$1>${base}`) : base + html;
}

export default function OutboxEmail() {
  const { viewer, email } = useLoaderData<typeof loader>();
  const facts: [string, string][] = [
    ["From", email.from],
    ["To", email.recipientName ? `${email.recipientName} <${email.toEmail}>` : email.toEmail],
    ["Kind", EMAIL_KIND_LABELS[email.kind]],
    ...(email.accountName ? ([["Account", email.accountName]] as [string, string][]) : []),
    ["Queued", formatDateTime(email.createdAt, viewer.timezone)],
    ...(email.sentAt ? ([["Sent", formatDateTime(email.sentAt, viewer.timezone)]] as [string, string][]) : []),
    ["Attempts", String(email.attempts)],
    ...(email.nextAttemptAt && email.status === "retrying"
      ? ([["Next attempt", formatDateTime(email.nextAttemptAt, viewer.timezone)]] as [string, string][])
      : []),
    ...(email.providerId ? ([["Provider id", email.providerId]] as [string, string][]) : []),
    ...Object.entries(email.headers),
  ];
  return (
    <AppShell user={viewer}>
      <p className="text-sm">
        <Link to="/csm/outbox" className="text-brand-700 hover:underline">
          ← Outbox
        </Link>
      </p>
      <div className="mt-2 flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-bold tracking-tight" data-testid="email-subject">
          {email.subject}
        </h1>
        <EmailStatusBadge status={email.status} />
      </div>
      {email.lastError && <p className="mt-2 text-sm text-red-700">{email.lastError}</p>}
      <dl className="mt-4 grid grid-cols-1 gap-x-4 gap-y-1 rounded-xl border border-slate-200 bg-white p-4 text-sm sm:grid-cols-[10rem_1fr]">
        {facts.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="font-medium text-slate-600">{k}</dt>
            <dd className="break-all text-slate-900">{v}</dd>
          </div>
        ))}
      </dl>
      <h2 className="mt-6 text-lg font-semibold">As the recipient sees it</h2>
      {email.linksDisabled && (
        <p className="mt-1 text-sm text-slate-600">
          Unsubscribe and &ldquo;Mark as done&rdquo; links act as the recipient, so they are disabled in this preview.
        </p>
      )}
      {/* Sandboxed: no scripts, no same-origin access, links open outside the frame. */}
      <iframe
        title="Email preview"
        sandbox="allow-popups allow-popups-to-escape-sandbox"
        srcDoc={previewHtml(email.html)}
        className="mt-2 h-[36rem] w-full rounded-xl border border-slate-200 bg-white"
        data-testid="email-html"
      />
      <details className="mt-4">
        <summary className="cursor-pointer text-sm font-medium text-slate-700">Plain-text part</summary>
        <pre
          className="mt-2 whitespace-pre-wrap break-words rounded-xl border border-slate-200 bg-white p-4 text-sm"
          data-testid="email-text"
        >
          {email.text}
        </pre>
      </details>
    </AppShell>
  );
}
