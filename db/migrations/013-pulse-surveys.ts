// How customers feel at each stage: one answer per person per finished stage
// (a score from 1 to 5, a feeling and an optional comment), and one NPS answer
// (0-10) per person per journey, asked when the journey reaches Retention.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("pulse_answers")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("journey_id", "uuid", (c) => c.notNull().references("journeys.id").onDelete("cascade"))
    // The stage asked about; for NPS, the stage the journey was in when it was asked (Retention).
    .addColumn("stage_id", "uuid", (c) => c.notNull().references("journey_stages.id").onDelete("cascade"))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("question", "text", (c) => c.notNull().check(sql`question in ('stage', 'nps')`))
    .addColumn("score", "integer", (c) => c.notNull())
    .addColumn("feeling", "text", (c) =>
      c.check(sql`feeling in ('frustrated', 'confused', 'neutral', 'confident', 'delighted')`),
    )
    .addColumn("comment", "text")
    // When it was first answered: the answer may change for 7 days from then.
    .addColumn("answered_at", "timestamptz", (c) => c.notNull())
    .addColumn("changed_at", "timestamptz")
    // Set when a low answer told the CSM, so a change never alerts twice.
    .addColumn("alerted_at", "timestamptz")
    .addCheckConstraint(
      "pulse_answers_score_range",
      sql`(question = 'stage' and score between 1 and 5 and feeling is not null)
        or (question = 'nps' and score between 0 and 10)`,
    )
    .execute();
  // Once per person per stage, and NPS once per person per journey.
  await sql`create unique index pulse_answers_stage_once on pulse_answers (stage_id, user_id) where question = 'stage'`.execute(
    db,
  );
  await sql`create unique index pulse_answers_nps_once on pulse_answers (journey_id, user_id) where question = 'nps'`.execute(
    db,
  );
  await db.schema.createIndex("pulse_answers_journey_idx").on("pulse_answers").column("journey_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("pulse_answers").execute();
}
