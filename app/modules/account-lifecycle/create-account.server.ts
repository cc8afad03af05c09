// A CSM or an admin creates a customer account with its journey and its first
// contacts, in one transaction: either all of it exists afterwards or none of it.
import type { Actor } from "~/modules/accounts/access.server";
import { issueInvitation } from "~/modules/auth/issue-invitation.server";
import { findInvitee, saveInvitee } from "~/modules/auth/save-invitee.server";
import { createJourney } from "~/modules/journeys/create-journey.server";
import { isValidDate, isValidTimeZone } from "~/utils/dates";
import type { DB } from "~/utils/db.server";
import { InputError, NotFoundError } from "~/utils/errors.server";
import { checkCsm } from "./account-choices.server";
import { recordAccountEvent } from "./record-account-event.server";

export interface NewContact {
  name: string;
  email: string;
  /** Whether an invitation goes out now; otherwise the contact waits for one on the contacts page. */
  invite: boolean;
}

export interface NewAccount {
  name: string;
  domain: string | null;
  timezone: string;
  csmId: string;
  segment: string | null;
  startedOn: string;
  playbookId: string;
  contacts: NewContact[];
  ip: string | null;
}

export interface CreatedAccount {
  accountId: string;
  journeyId: string;
  invited: string[];
  added: string[];
}

export async function createAccount(
  db: DB,
  actor: Actor & { name: string },
  input: NewAccount,
  now: Date,
): Promise<CreatedAccount> {
  if (actor.role !== "admin" && actor.role !== "csm") throw new NotFoundError("No such page");
  if (!isValidTimeZone(input.timezone)) throw new InputError("Choose a timezone from the list.", "timezone");
  if (!isValidDate(input.startedOn)) throw new InputError("Enter the start date as a date.", "startedOn");
  const emails = input.contacts.map((c) => c.email.trim().toLowerCase());
  const twice = emails.find((e, i) => emails.indexOf(e) !== i);
  if (twice) throw new InputError(`${twice} is listed twice; each contact needs their own address.`, "contacts");

  return db.transaction().execute(async (trx) => {
    await checkCsm(trx, input.csmId);
    // A playbook starts journeys once it has a published version (ADR 030).
    // An archived one is not offered, so it is refused like any playbook not on the list (ADR 035).
    const playbook = await trx
      .selectFrom("playbook_versions as v")
      .innerJoin("playbooks as p", "p.id", "v.playbook_id")
      .select("v.playbook_id")
      .where("v.playbook_id", "=", input.playbookId)
      .where("p.archived_at", "is", null)
      .limit(1)
      .executeTakeFirst();
    if (!playbook) throw new InputError("Choose a playbook from the list.", "playbookId");

    const account = await trx
      .insertInto("accounts")
      .values({
        name: input.name,
        domain: input.domain,
        timezone: input.timezone,
        csm_id: input.csmId,
        segment: input.segment,
        started_on: input.startedOn,
        created_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();

    const added: { id: string; email: string; name: string; invite: boolean }[] = [];
    for (const [i, contact] of input.contacts.entries()) {
      const email = emails[i]!;
      // An address already in the portal (staff, or a contact elsewhere) is left
      // alone and the answer does not say so, as on the contacts page: saying it
      // would tell this CSM who else uses the portal.
      if (await findInvitee(trx, email)) continue;
      const id = await saveInvitee(trx, undefined, {
        email,
        name: contact.name,
        role: "customer",
        accountId: account.id,
      });
      added.push({ id, email, name: contact.name, invite: contact.invite });
    }

    // The first contact listed starts as owner of the customer's milestones.
    const { journeyId } = await createJourney(
      trx,
      {
        accountId: account.id,
        playbookId: playbook.playbook_id,
        startedOn: input.startedOn,
        primaryContactId: added[0]?.id,
      },
      now,
    );

    for (const c of added.filter((c) => c.invite)) {
      await issueInvitation(
        trx,
        db,
        {
          user: { id: c.id, email: c.email, accountId: account.id },
          inviter: actor,
          accountName: input.name,
          roleLabel: "customer contact",
          ip: input.ip,
        },
        now,
      );
    }
    await recordAccountEvent(
      trx,
      {
        accountId: account.id,
        kind: "created",
        actorId: actor.id,
        data: { startedOn: input.startedOn, contacts: added.length },
      },
      now,
    );
    return {
      accountId: account.id,
      journeyId,
      // Skipped addresses still read as handled, for the reason above.
      invited: input.contacts.filter((c) => c.invite).map((c) => c.email),
      added: input.contacts.filter((c) => !c.invite).map((c) => c.email),
    };
  });
}
