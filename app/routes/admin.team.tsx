// Admins manage the team: invite staff, change roles and team functions,
// deactivate, and assign each account's CSM. Everyone else gets a 404.
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { TEAM_FUNCTIONS } from "#db/schema";
import { AppShell } from "~/components/app-shell";
import { pageTitle } from "~/components/brand";
import { InvitePersonForm } from "~/components/people/invite-person-form";
import { inviteeFields } from "~/components/people/invitee-fields";
import { PersonAction } from "~/components/people/person-action";
import { PersonRow } from "~/components/people/person-row";
import { FormAnswerNotice } from "~/components/ui/form-answer-notice";
import { teamFunctionLabel } from "~/modules/playbooks/owner-label";
import {
  assignCsm,
  changeStaffRole,
  changeTeamFunction,
  deactivateStaff,
  inviteStaff,
  listAccountsForAssignment,
  listStaff,
  STAFF_ROLES,
  type StaffRole,
} from "~/modules/team/manage-staff.server";
import { answer, parseForm, refuse } from "~/server/form-answer.server";
import { clientIp } from "~/server/request.server";
import { requireAdmin } from "~/server/viewer.server";
import { formatDateTime } from "~/utils/dates";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "Team") }];

const role = z.enum(STAFF_ROLES, { error: "Choose CSM, admin or viewer." });
// An empty choice means "no team function": the person owns no playbook step by role.
const teamFunction = z
  .union([z.enum(TEAM_FUNCTIONS), z.literal("")], {
    error: "Choose sales, onboarding, CSM, support, account manager or none.",
  })
  .transform((v) => (v === "" ? null : v));
const teamForm = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("invite"),
    ...inviteeFields,
    role,
    teamFunction: teamFunction.optional(),
  }),
  z.object({ intent: z.literal("role"), userId: z.uuid({ error: "No such person." }), role }),
  z.object({ intent: z.literal("function"), userId: z.uuid({ error: "No such person." }), teamFunction }),
  z.object({
    intent: z.literal("deactivate"),
    userId: z.uuid({ error: "No such person." }),
    confirm: z.literal("yes", { error: "Confirm the deactivation first: press “Yes, deactivate …”." }),
  }),
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

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requireAdmin(request);
  const ip = clientIp(context);
  const form = await parseForm(request, teamForm);
  if (!form.ok) return form.answer;
  const input = form.input;
  const db = getDb();
  const now = new Date();
  try {
    switch (input.intent) {
      case "invite": {
        const r = await inviteStaff(
          db,
          viewer,
          { name: input.name, email: input.email, role: input.role, teamFunction: input.teamFunction, ip },
          now,
        );
        return answer({ ok: true, message: `${r.reinvited ? "Invited again" : "Invited"}: ${input.email}.` });
      }
      case "role":
        await changeStaffRole(db, viewer, { userId: input.userId, role: input.role, ip }, now);
        // An admin who made themselves a CSM can no longer see this page.
        if (input.userId === viewer.id && input.role !== "admin") throw redirect("/csm");
        return answer({ ok: true, message: "Role changed." });
      case "function": {
        const r = await changeTeamFunction(
          db,
          viewer,
          { userId: input.userId, teamFunction: input.teamFunction, ip },
          now,
        );
        return answer({
          ok: true,
          message: r.changed
            ? `Team function set to ${teamFunctionLabel(input.teamFunction).toLowerCase()}.`
            : "That was already their team function.",
        });
      }
      case "deactivate":
        await deactivateStaff(db, viewer, { userId: input.userId, ip }, now);
        return answer({ ok: true, message: "Deactivated. Their sessions and links stopped working at once." });
      case "assign":
        await assignCsm(db, viewer, { accountId: input.accountId, csmId: input.csmId || null });
        return answer({ ok: true, message: "CSM assigned." });
    }
  } catch (e) {
    return refuse(e);
  }
}

const STATE = {
  active: { label: "Active", tone: "green" },
  invited: { label: "Invited", tone: "blue" },
  deactivated: { label: "Deactivated", tone: undefined },
} as const;

const select = "rounded-md border border-slate-300 px-2 py-1.5 text-sm";

const ROLE_NAME: Record<StaffRole, string> = { admin: "Admin", csm: "CSM", viewer: "Viewer (read-only)" };

function RoleOptions() {
  return (
    <>
      <option value="csm">CSM</option>
      <option value="admin">Admin</option>
      <option value="viewer">Viewer (read-only)</option>
    </>
  );
}

function FunctionOptions() {
  return (
    <>
      {TEAM_FUNCTIONS.map((f) => (
        <option key={f} value={f}>
          {teamFunctionLabel(f)}
        </option>
      ))}
      <option value="">No team function</option>
    </>
  );
}

type TeamData = ReturnType<typeof useLoaderData<typeof loader>>;
type StaffMember = TeamData["staff"][number];

function RoleForm({ member: s, busy }: { member: StaffMember; busy: boolean }) {
  return (
    <Form method="post" className="flex gap-2">
      <input type="hidden" name="userId" value={s.id} />
      <label className="sr-only" htmlFor={`role-${s.id}`}>
        Role of {s.name}
      </label>
      <select id={`role-${s.id}`} name="role" defaultValue={s.role} className={select}>
        <RoleOptions />
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
  );
}

function FunctionForm({ member: s, busy }: { member: StaffMember; busy: boolean }) {
  return (
    // Wraps on a phone: the longest function's name and the button do not fit on one 320 px line.
    <Form method="post" className="flex min-w-0 max-w-full flex-wrap gap-2">
      <input type="hidden" name="userId" value={s.id} />
      <label className="sr-only" htmlFor={`function-${s.id}`}>
        Team function of {s.name}
      </label>
      <select
        id={`function-${s.id}`}
        name="teamFunction"
        defaultValue={s.teamFunction ?? ""}
        className={`${select} min-w-0 max-w-full`}
      >
        <FunctionOptions />
      </select>
      <button
        type="submit"
        name="intent"
        value="function"
        disabled={busy}
        className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-100"
      >
        Set function
      </button>
    </Form>
  );
}

function StaffRow({ member: s, viewer, busy }: { member: StaffMember; viewer: TeamData["viewer"]; busy: boolean }) {
  return (
    <PersonRow
      name={s.name}
      state={STATE[s.state]}
      testId="staff-member"
      from="md"
      details={
        <>
          {s.email} · {ROLE_NAME[s.role]} · {teamFunctionLabel(s.teamFunction)}
          {s.title ? ` · ${s.title}` : ""} · {s.accounts} account{s.accounts === 1 ? "" : "s"}
          {s.lastSeenAt ? ` · last seen ${formatDateTime(s.lastSeenAt, viewer.timezone)}` : ""}
        </>
      }
      actions={
        s.state !== "deactivated" && (
          <>
            <RoleForm member={s} busy={busy} />
            <FunctionForm member={s} busy={busy} />
            {s.id !== viewer.id && (
              <PersonAction
                userId={s.id}
                intent="deactivate"
                label="Deactivate"
                ariaLabel={`Deactivate ${s.name}`}
                busy={busy}
                look="danger"
                confirm={{
                  question: `Deactivate ${s.name}? They are signed out at once and can no longer sign in.`,
                  yes: `Yes, deactivate ${s.name}`,
                }}
              />
            )}
          </>
        )
      }
    />
  );
}

function RoleField() {
  return (
    <div>
      <label htmlFor="staff-role" className="block text-sm font-medium">
        Role
      </label>
      <select id="staff-role" name="role" defaultValue="csm" className={`mt-1 block w-full ${select}`}>
        <RoleOptions />
      </select>
      <label htmlFor="staff-function" className="mt-2 block text-sm font-medium">
        Team function
      </label>
      <select id="staff-function" name="teamFunction" defaultValue="csm" className={`mt-1 block w-full ${select}`}>
        <FunctionOptions />
      </select>
    </div>
  );
}

function AssignCsmForm({
  account: a,
  assignable,
  busy,
}: {
  account: TeamData["accounts"][number];
  assignable: StaffMember[];
  busy: boolean;
}) {
  return (
    <li className="flex flex-col gap-2 p-4 sm:flex-row sm:items-center sm:justify-between">
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
  );
}

export default function Team() {
  const { viewer, staff, accounts } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  // A viewer reads every account but cannot look after one.
  const assignable = staff.filter((s) => s.state !== "deactivated" && s.role !== "viewer");
  return (
    <AppShell user={viewer}>
      <h1 className="text-2xl font-bold tracking-tight">Team</h1>
      <FormAnswerNotice answer={result} id="form-answer" className="mt-4" />
      <ul className="mt-4 divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white" data-testid="staff">
        {staff.map((s) => (
          <StaffRow key={s.id} member={s} viewer={viewer} busy={busy} />
        ))}
      </ul>

      <h2 className="mt-8 text-lg font-semibold">Invite someone to the team</h2>
      <InvitePersonForm
        idPrefix="staff"
        busy={busy}
        answer={result}
        answerId="form-answer"
        extraField={<RoleField />}
      />

      <h2 className="mt-8 text-lg font-semibold">Who looks after each account</h2>
      <ul className="mt-3 divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white">
        {accounts.map((a) => (
          <AssignCsmForm key={a.id} account={a} assignable={assignable} busy={busy} />
        ))}
      </ul>
    </AppShell>
  );
}
