// An account's contacts for its CSM or an admin: invite, resend an invitation, remove.
// A viewer sees the list without the buttons.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { pageTitle } from "~/components/brand";
import { FormPage } from "~/components/form-page";
import { InvitePersonForm } from "~/components/people/invite-person-form";
import { inviteeFields } from "~/components/people/invitee-fields";
import { PersonAction } from "~/components/people/person-action";
import { PersonRow } from "~/components/people/person-row";
import { mayChange } from "~/modules/accounts/access.server";
import { inviteContact } from "~/modules/contacts/invite-contact.server";
import { listAccountContacts } from "~/modules/contacts/list-account-contacts.server";
import { removeContact, resendInvitation } from "~/modules/contacts/manage-contact.server";
import { answer, parseForm, refuse } from "~/server/form-answer.server";
import { clientIp } from "~/server/request.server";
import { requireStaff } from "~/server/viewer.server";
import { formatDateTime } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { NotFoundError } from "~/utils/errors.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: pageTitle(matches, data ? `Contacts · ${data.account.name}` : "Contacts") },
];

const contactForm = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("invite"),
    ...inviteeFields,
  }),
  z.object({ intent: z.literal("resend"), userId: z.uuid({ error: "No such contact." }) }),
  z.object({
    intent: z.literal("remove"),
    userId: z.uuid({ error: "No such contact." }),
    confirm: z.literal("yes", { error: "Confirm the removal first: press “Yes, remove …”." }),
  }),
]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireStaff(request);
  try {
    const list = await listAccountContacts(getDb(), viewer, params.accountId ?? "");
    return {
      viewer: { name: viewer.name, role: viewer.role, timezone: viewer.timezone },
      canEdit: mayChange(viewer),
      ...list,
    };
  } catch (e) {
    if (e instanceof NotFoundError) throw new Response("No such account", { status: 404 });
    throw e;
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = await requireStaff(request);
  const ip = clientIp(context);
  const form = await parseForm(request, contactForm);
  if (!form.ok) return form.answer;
  const input = form.input;
  const accountId = params.accountId ?? "";
  const db = getDb();
  const now = new Date();
  try {
    if (input.intent === "invite") {
      const r = await inviteContact(db, viewer, { accountId, name: input.name, email: input.email, ip }, now);
      return answer({
        ok: true,
        message: `${r.reinvited ? "Invited again" : "Invited"}: ${input.email}. The invitation link works for 7 days.`,
      });
    }
    if (input.intent === "resend") {
      await resendInvitation(db, viewer, { accountId, userId: input.userId, ip }, now);
      return answer({ ok: true, message: "A new invitation is on its way; the earlier link no longer works." });
    }
    await removeContact(db, viewer, { accountId, userId: input.userId, ip }, now);
    return answer({ ok: true, message: "Removed. Their sessions and links stopped working at once." });
  } catch (e) {
    return refuse(e);
  }
}

const STATE = {
  active: { label: "Joined", tone: "green" },
  invited: { label: "Invited", tone: "blue" },
  removed: { label: "Removed", tone: undefined },
} as const;

type Contact = ReturnType<typeof useLoaderData<typeof loader>>["contacts"][number];

function ContactRow({
  contact: c,
  timezone,
  busy,
  canEdit,
}: {
  contact: Contact;
  timezone: string;
  busy: boolean;
  canEdit: boolean;
}) {
  return (
    <PersonRow
      name={c.name}
      state={STATE[c.state]}
      testId="contact"
      from="sm"
      details={
        <>
          {c.email}
          {c.title ? ` · ${c.title}` : ""}
          {c.lastSeenAt ? ` · last seen ${formatDateTime(c.lastSeenAt, timezone)}` : ""}
        </>
      }
      actions={
        canEdit &&
        c.state !== "removed" && (
          <>
            {c.state === "invited" && (
              <PersonAction userId={c.id} intent="resend" label="Resend invitation" busy={busy} />
            )}
            <PersonAction
              userId={c.id}
              intent="remove"
              label="Remove"
              ariaLabel={`Remove ${c.name}`}
              busy={busy}
              look="danger"
              confirm={{
                question: `Remove ${c.name}? They are signed out at once and can come back only by accepting a new invitation.`,
                yes: `Yes, remove ${c.name}`,
              }}
            />
          </>
        )
      }
    />
  );
}

export default function Contacts() {
  const { viewer, account, contacts, canEdit } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <FormPage
      user={viewer}
      back={{ to: `/csm/accounts/${account.id}`, label: account.name }}
      title={`Contacts at ${account.name}`}
      answer={result}
    >
      <ul className="mt-4 divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white" data-testid="contacts">
        {contacts.map((c) => (
          <ContactRow key={c.id} contact={c} timezone={viewer.timezone} busy={busy} canEdit={canEdit} />
        ))}
      </ul>

      {canEdit && (
        <>
          <h2 className="mt-8 text-lg font-semibold">Invite a contact</h2>
          <InvitePersonForm idPrefix="invite" busy={busy} answer={result} answerId="form-answer" />
        </>
      )}
    </FormPage>
  );
}
