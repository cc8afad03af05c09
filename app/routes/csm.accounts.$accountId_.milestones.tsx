// Adds a step to one account's journey only (the form sits on the account
// page). Staff within their accounts; there is nothing to read here.
import type { ActionFunctionArgs } from "@remix-run/node";
import { addMilestone } from "~/modules/journeys/add-milestone.server";
import { addMilestoneForm } from "~/modules/journeys/milestone-forms";
import { fieldErrorsOf, refusal } from "~/server/form-answer.server";
import { readForm } from "~/server/request.server";
import { requireStaff } from "~/server/viewer.server";
import { formatDate } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import type { FormAnswer } from "~/utils/form-answer";

// A route without a page answers with a plain Response: Remix keeps the status
// of `data()` only for routes that render.
const reply = (body: FormAnswer, status = 200) => Response.json(body, { status });

/** Nothing to read: the form lives on the account page. */
export function loader() {
  return new Response("Method not allowed", { status: 405, headers: { Allow: "POST" } });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireStaff(request);
  const form = await readForm(request);
  if (!form) return reply({ ok: false, message: "The form could not be read." }, 400);
  const parsed = addMilestoneForm.safeParse(form);
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? "Invalid input.";
    return reply({ ok: false, message, fieldErrors: fieldErrorsOf(parsed.error) }, 400);
  }
  const input = parsed.data;
  try {
    await addMilestone(getDb(), viewer, params.accountId ?? "", input, new Date());
  } catch (e) {
    const refused = refusal(e);
    if (!refused) throw e;
    // Another CSM's account reads as one that does not exist.
    if (refused.status === 404) throw new Response("Account not found", { status: 404 });
    const fieldErrors = refused.field ? { [refused.field]: refused.message } : undefined;
    return reply({ ok: false, message: refused.message, fieldErrors }, refused.status);
  }
  return reply({ ok: true, message: `Added "${input.title}", due ${formatDate(input.dueOn)}.` });
}
