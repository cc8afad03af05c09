// An account's contacts for its CSM or an admin: invite, resend an invitation, remove.
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { AppShell } from "~/components/app-shell";
import { ActionNotice } from "~/components/ui/action-notice";
import { Badge } from "~/components/ui/badge";
import { requireStaff } from "~/modules/auth/viewer.server";
import { inviteContact } from "~/modules/contacts/invite-contact.server";
import { listAccountContacts } from "~/modules/contacts/list-account-contacts.server";
import { removeContact, resendInvitation } from "~/modules/contacts/manage-contact.server";
import { formatDateTime } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { NotFoundError, refusal } from "~/utils/errors.server";
import { clientIp, readForm } from "~/utils/request.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Contacts · ${data.account.name} · Waypoint` : "Contacts · Waypoint" },
];

const contactForm = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("invite"),
    name: z
      .string()
      .trim()
      .min(1, { error: "Enter their name." })
      .max(200, { error: "That name is too long." })
      .refine((v) => !v.includes("\0")),
    email: z
      .string()
      .trim()
      .max(320, { error: "That email address is too long." })
      .email({ error: "Enter a valid email address." }),
  }),
  z.object({ intent: z.literal("resend"), userId: z.uuid({ error: "No such contact." }) }),
  z.object({ intent: z.literal("remove"), userId: z.uuid({ error: "No such contact." }) }),
]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireStaff(request);
  try {
    const list = await listAccountContacts(getDb(), viewer, params.accountId ?? "");
    return { viewer: { name: viewer.name, role: viewer.role, timezone: viewer.timezone }, ...list };
  } catch (e) {
    if (e instanceof NotFoundError) throw new Response("No such account", { status: 404 });
    throw e;
  }
}

type ActionData = { ok: boolean; message: string; field?: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = await requireStaff(request);
  const ip = clientIp(context);
  const form = await readForm(request);
  if (!form) return data<ActionData>({ ok: false, message: "The form could not be read." }, { status: 400 });
  const parsed = contactForm.safeParse(form);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return data<ActionData>(
      { ok: false, message: issue?.message ?? "Invalid input.", field: String(issue?.path[0] ?? "") },
      { status: 400 },
    );
  }
  const input = parsed.data;
  const accountId = params.accountId ?? "";
  const db = getDb();
  const now = new Date();
  try {
    if (input.intent === "invite") {
      const r = await inviteContact(db, viewer, { accountId, name: input.name, email: input.email, ip }, now);
      return {
        ok: true,
        message: `${r.reinvited ? "Invited again" : "Invited"}: ${input.email}. The invitation link works for 7 days.`,
      } satisfies ActionData;
    }
    if (input.intent === "resend") {
      await resendInvitation(db, viewer, { accountId, userId: input.userId, ip }, now);
      return {
        ok: true,
        message: "A new invitation is on its way; the earlier link no longer works.",
      } satisfies ActionData;
    }
    await removeContact(db, viewer, { accountId, userId: input.userId, ip }, now);
    return { ok: true, message: "Removed. Their sessions and links stopped working at once." } satisfies ActionData;
  } catch (e) {
    const refused = refusal(e);
    if (!refused) throw e;
    return data<ActionData>({ ok: false, message: refused.message, field: refused.field }, { status: refused.status });
  }
}

const STATE = {
  active: { label: "Joined", tone: "green" },
  invited: { label: "Invited", tone: "blue" },
  removed: { label: "Removed", tone: undefined },
} as const;

export default function Contacts() {
  const { viewer, account, contacts } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <AppShell user={viewer}>
      <p className="mb-3 text-sm">
        <Link to={`/csm/accounts/${account.id}`} className="text-brand-700 underline">
          ← {account.name}
        </Link>
      </p>
      <h1 className="text-2xl font-bold tracking-tight">Contacts at {account.name}</h1>
      <ActionNotice result={result} />
      <ul className="mt-4 divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white" data-testid="contacts">
        {contacts.map((c) => (
          <li
            key={c.id}
            className="flex flex-col gap-2 p-4 sm:flex-row sm:items-center sm:justify-between"
            data-testid="contact"
          >
            <div className="min-w-0">
              <p className="font-medium">
                {c.name} <Badge tone={STATE[c.state].tone}>{STATE[c.state].label}</Badge>
              </p>
              <p className="truncate text-sm text-slate-600">
                {c.email}
                {c.title ? ` · ${c.title}` : ""}
                {c.lastSeenAt ? ` · last seen ${formatDateTime(c.lastSeenAt, viewer.timezone)}` : ""}
              </p>
            </div>
            {c.state !== "removed" && (
              <div className="flex shrink-0 gap-2 text-sm">
                {c.state === "invited" && (
                  <Form method="post">
                    <input type="hidden" name="userId" value={c.id} />
                    <button
                      type="submit"
                      name="intent"
                      value="resend"
                      disabled={busy}
                      className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-100"
                    >
                      Resend invitation
                    </button>
                  </Form>
                )}
                <Form method="post">
                  <input type="hidden" name="userId" value={c.id} />
                  <button
                    type="submit"
                    name="intent"
                    value="remove"
                    disabled={busy}
                    aria-label={`Remove ${c.name}`}
                    className="rounded-md border border-red-300 px-3 py-1.5 text-red-700 hover:bg-red-50"
                  >
                    Remove
                  </button>
                </Form>
              </div>
            )}
          </li>
        ))}
      </ul>

      <h2 className="mt-8 text-lg font-semibold">Invite a contact</h2>
      <Form
        method="post"
        className="mt-3 grid max-w-xl gap-3 rounded-xl border border-slate-200 bg-white p-5 sm:grid-cols-2"
      >
        <div>
          <label htmlFor="invite-name" className="block text-sm font-medium">
            Name
          </label>
          <input
            id="invite-name"
            name="name"
            required
            maxLength={200}
            className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2"
          />
        </div>
        <div>
          <label htmlFor="invite-email" className="block text-sm font-medium">
            Email
          </label>
          <input
            id="invite-email"
            name="email"
            type="email"
            required
            maxLength={320}
            className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2"
          />
        </div>
        <button
          type="submit"
          name="intent"
          value="invite"
          disabled={busy}
          className="rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700 sm:col-span-2 sm:justify-self-start"
        >
          Send invitation
        </button>
      </Form>
    </AppShell>
  );
}
