// Admins manage the team: invite staff, change roles, deactivate, and assign
// each account's CSM. Everyone else gets a 404.
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { AppShell } from "~/components/app-shell";
import { ActionNotice } from "~/components/ui/action-notice";
import { Badge } from "~/components/ui/badge";
import { requireAdmin } from "~/modules/auth/viewer.server";
import {
  assignCsm,
  changeStaffRole,
  deactivateStaff,
  inviteStaff,
  listAccountsForAssignment,
  listStaff,
} from "~/modules/team/manage-staff.server";
import { formatDateTime } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { refusal } from "~/utils/errors.server";
import { clientIp, readForm } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Team · Waypoint" }];

const role = z.enum(["admin", "csm"], { error: "Choose CSM or admin." });
const teamForm = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("invite"),
    name: z
      .string()
      .trim()
      .min(1, { error: "Enter their name." })
      .max(200)
      .refine((v) => !v.includes("\0")),
    email: z.string().trim().max(320).email({ error: "Enter a valid email address." }),
    role,
  }),
  z.object({ intent: z.literal("role"), userId: z.uuid({ error: "No such person." }), role }),
  z.object({ intent: z.literal("deactivate"), userId: z.uuid({ error: "No such person." }) }),
  z.object({
    intent: z.literal("assign"),
    accountId: z.uuid({ error: "No such account." }),
    csmId: z.union([z.uuid(), z.literal("")], { error: "Choose someone from the team." }),
  }),
]);

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireAdmin(request);
  const db = getDb();
  const [staff, accounts] = await Promise.all([listStaff(db, viewer), listAccountsForAssignment(db, viewer)]);
  return {
    viewer: { id: viewer.id, name: viewer.name, role: viewer.role, timezone: viewer.timezone },
    staff,
    accounts,
  };
}

type ActionData = { ok: boolean; message: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requireAdmin(request);
  const ip = clientIp(context);
  const form = await readForm(request);
  if (!form) return data<ActionData>({ ok: false, message: "The form could not be read." }, { status: 400 });
  const parsed = teamForm.safeParse(form);
  if (!parsed.success)
    return data<ActionData>(
      { ok: false, message: parsed.error.issues[0]?.message ?? "Invalid input." },
      { status: 400 },
    );
  const input = parsed.data;
  const db = getDb();
  const now = new Date();
  try {
    switch (input.intent) {
      case "invite": {
        const r = await inviteStaff(db, viewer, { name: input.name, email: input.email, role: input.role, ip }, now);
        return {
          ok: true,
          message: `${r.reinvited ? "Invited again" : "Invited"}: ${input.email}.`,
        } satisfies ActionData;
      }
      case "role":
        await changeStaffRole(db, viewer, { userId: input.userId, role: input.role, ip }, now);
        // An admin who made themselves a CSM can no longer see this page.
        if (input.userId === viewer.id && input.role !== "admin") throw redirect("/csm");
        return { ok: true, message: "Role changed." } satisfies ActionData;
      case "deactivate":
        await deactivateStaff(db, viewer, { userId: input.userId, ip }, now);
        return {
          ok: true,
          message: "Deactivated. Their sessions and links stopped working at once.",
        } satisfies ActionData;
      case "assign":
        await assignCsm(db, viewer, { accountId: input.accountId, csmId: input.csmId || null });
        return { ok: true, message: "CSM assigned." } satisfies ActionData;
    }
  } catch (e) {
    const refused = refusal(e);
    if (!refused) throw e;
    return data<ActionData>({ ok: false, message: refused.message }, { status: refused.status });
  }
}

const STATE = {
  active: { label: "Active", tone: "green" },
  invited: { label: "Invited", tone: "blue" },
  deactivated: { label: "Deactivated", tone: undefined },
} as const;

const select = "rounded-md border border-slate-300 px-2 py-1.5 text-sm";

export default function Team() {
  const { viewer, staff, accounts } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const assignable = staff.filter((s) => s.state !== "deactivated");
  return (
    <AppShell user={viewer}>
      <h1 className="text-2xl font-bold tracking-tight">Team</h1>
      <ActionNotice result={result} />
      <ul className="mt-4 divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white" data-testid="staff">
        {staff.map((s) => (
          <li
            key={s.id}
            className="flex flex-col gap-2 p-4 md:flex-row md:items-center md:justify-between"
            data-testid="staff-member"
          >
            <div className="min-w-0">
              <p className="font-medium">
                {s.name} <Badge tone={STATE[s.state].tone}>{STATE[s.state].label}</Badge>
              </p>
              <p className="truncate text-sm text-slate-600">
                {s.email} · {s.role === "admin" ? "Admin" : "CSM"}
                {s.title ? ` · ${s.title}` : ""} · {s.accounts} account{s.accounts === 1 ? "" : "s"}
                {s.lastSeenAt ? ` · last seen ${formatDateTime(s.lastSeenAt, viewer.timezone)}` : ""}
              </p>
            </div>
            {s.state !== "deactivated" && (
              <div className="flex shrink-0 flex-wrap gap-2 text-sm">
                <Form method="post" className="flex gap-2">
                  <input type="hidden" name="userId" value={s.id} />
                  <label className="sr-only" htmlFor={`role-${s.id}`}>
                    Role of {s.name}
                  </label>
                  <select id={`role-${s.id}`} name="role" defaultValue={s.role} className={select}>
                    <option value="csm">CSM</option>
                    <option value="admin">Admin</option>
                  </select>
                  <button
                    type="submit"
                    name="intent"
                    value="role"
                    disabled={busy}
                    className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-100"
                  >
                    Change role
                  </button>
                </Form>
                {s.id !== viewer.id && (
                  <Form method="post">
                    <input type="hidden" name="userId" value={s.id} />
                    <button
                      type="submit"
                      name="intent"
                      value="deactivate"
                      disabled={busy}
                      aria-label={`Deactivate ${s.name}`}
                      className="rounded-md border border-red-300 px-3 py-1.5 text-red-700 hover:bg-red-50"
                    >
                      Deactivate
                    </button>
                  </Form>
                )}
              </div>
            )}
          </li>
        ))}
      </ul>

      <h2 className="mt-8 text-lg font-semibold">Invite someone to the team</h2>
      <Form
        method="post"
        className="mt-3 grid max-w-2xl gap-3 rounded-xl border border-slate-200 bg-white p-5 sm:grid-cols-3"
      >
        <div>
          <label htmlFor="staff-name" className="block text-sm font-medium">
            Name
          </label>
          <input
            id="staff-name"
            name="name"
            required
            maxLength={200}
            className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2"
          />
        </div>
        <div>
          <label htmlFor="staff-email" className="block text-sm font-medium">
            Email
          </label>
          <input
            id="staff-email"
            name="email"
            type="email"
            required
            maxLength={320}
            className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2"
          />
        </div>
        <div>
          <label htmlFor="staff-role" className="block text-sm font-medium">
            Role
          </label>
          <select id="staff-role" name="role" defaultValue="csm" className={`mt-1 block w-full ${select}`}>
            <option value="csm">CSM</option>
            <option value="admin">Admin</option>
          </select>
        </div>
        <button
          type="submit"
          name="intent"
          value="invite"
          disabled={busy}
          className="rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700 sm:col-span-3 sm:justify-self-start"
        >
          Send invitation
        </button>
      </Form>

      <h2 className="mt-8 text-lg font-semibold">Who looks after each account</h2>
      <ul className="mt-3 divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white">
        {accounts.map((a) => (
          <li key={a.id} className="flex flex-col gap-2 p-4 sm:flex-row sm:items-center sm:justify-between">
            <span className="font-medium">{a.name}</span>
            <Form method="post" className="flex gap-2">
              <input type="hidden" name="accountId" value={a.id} />
              <label className="sr-only" htmlFor={`csm-${a.id}`}>
                CSM for {a.name}
              </label>
              <select id={`csm-${a.id}`} name="csmId" defaultValue={a.csm_id ?? ""} className={select}>
                <option value="">Nobody</option>
                {assignable.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
              <button
                type="submit"
                name="intent"
                value="assign"
                disabled={busy}
                className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100"
              >
                Assign
              </button>
            </Form>
          </li>
        ))}
      </ul>
    </AppShell>
  );
}
