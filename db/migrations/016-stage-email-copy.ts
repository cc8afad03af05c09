// Stage emails' words move from the code into the playbook (ADR 037): each draft
// stage may hold an email subject and introduction. The words the code used to
// pick by stage name are written where they would otherwise be lost: into the
// drafts' stages of those names, and into stage emails still waiting in the
// outbox (which now carry their words), so no queued email changes.
// Frozen once landed.
import { type Kysely, sql } from "kysely";

// The copy emails/stage-entered-customer.tsx held until now, keyed by lower-cased stage name.
const OLD_COPY: Record<string, { subject: string; intro: string }> = {
  purchase: {
    subject: "Welcome to {vendor}, {account}",
    intro:
      "Thank you for choosing {vendor}. This first stretch is about paperwork and people: once the agreement is in place, you will meet the team who will guide your rollout.",
  },
  onboarding: {
    subject: "Welcome to Onboarding, {account}",
    intro:
      "Welcome aboard! The next few weeks are about getting you set up: your workspace configured, your tools connected and your admins confident. We work through each step with you, so you are never on your own.",
  },
  adoption: {
    subject: "Time to put it to work, {account}",
    intro:
      "Setup is done, and now the fun part starts: getting your team to use {vendor} in their everyday work. This stage is about habits and first results, not settings.",
  },
  retention: {
    subject: "Keeping things running smoothly for {account}",
    intro:
      "You are up and running. From here on we check in regularly, listen to what is and is not working, and fix small problems before they get in your way.",
  },
  expansion: {
    subject: "Ready to grow, {account}?",
    intro:
      "Your team is getting real value, and that tends to get noticed. This stage is about growing your use of {vendor} to more teams and more of your work, at a pace that suits you.",
  },
  advocacy: {
    subject: "Thank you for the journey so far, {account}",
    intro:
      "You have come a long way with us, and we are grateful. This stage is about looking back on what you achieved and, only if you would like to, sharing your story so others can learn from it.",
  },
};

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("playbook_stages")
    .addColumn("email_subject", "text", (c) =>
      c.check(sql`char_length(email_subject) between 1 and 150 and email_subject !~ '[[:cntrl:]]'`),
    )
    .addColumn("email_intro", "text", (c) => c.check(sql`char_length(email_intro) between 1 and 1500`))
    .execute();
  await db.schema
    .alterTable("playbook_stages")
    .addCheckConstraint("playbook_stages_email_whole", sql`(email_subject is null) = (email_intro is null)`)
    .execute();

  const copy = sql`(select key, value->>'subject' as subject, value->>'intro' as intro
    from jsonb_each(${JSON.stringify(OLD_COPY)}::jsonb))`;
  await sql`update playbook_stages ps set email_subject = c.subject, email_intro = c.intro
    from ${copy} c where c.key = lower(trim(ps.name))`.execute(db);
  // Not yet rendered: the email would be rendered from its payload, which now says its words.
  await sql`update email_outbox o
    set payload = o.payload || jsonb_build_object('copy', jsonb_build_object('subject', c.subject, 'intro', c.intro))
    from ${copy} c
    where o.kind = 'stage_entered_customer' and o.html is null and not (o.payload ? 'copy')
      and c.key = lower(trim(o.payload->'stage'->>'name'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("playbook_stages").dropConstraint("playbook_stages_email_whole").execute();
  await db.schema.alterTable("playbook_stages").dropColumn("email_subject").dropColumn("email_intro").execute();
}
