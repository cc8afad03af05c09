// The HTTP side of the survey form on the customer's journey page: parses the
// posted answer, hands it to answerPulse, and says what happened.
import { data } from "@remix-run/node";
import { z } from "zod";
import { answerPulse } from "~/modules/pulse/answer-pulse.server";
import { PULSE_COMMENT_MAX, PULSE_FEELINGS } from "~/modules/pulse/pulse-rules";
import { formatDate } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { fieldErrorsOf, refusal } from "./form-answer.server";

// Line breaks are fine in a comment; other control characters are not kept.
const CONTROLS = /[\p{Cc}\u2028\u2029]/gu;
const keepNewlines = (c: string) => (c === "\n" ? c : "");

export const pulseForm = z
  .object({
    target: z.string().max(100).optional(),
    question: z.enum(["stage", "nps"], { error: "That question is not one we ask." }),
    stageId: z.guid({ error: "That question is not one we ask." }),
    score: z
      .string({ error: "Choose a score." })
      .regex(/^(10|[0-9])$/, { error: "Choose a score." })
      .transform(Number),
    feeling: z.enum(PULSE_FEELINGS, { error: "Choose how you felt." }).optional(),
    comment: z
      .string()
      .transform((v) => v.replace(/\r\n?/g, "\n").replace(CONTROLS, keepNewlines).trim())
      .pipe(z.string().max(PULSE_COMMENT_MAX, { error: `Keep the comment under ${PULSE_COMMENT_MAX} characters.` }))
      .optional(),
  })
  .superRefine((v, ctx) => {
    if (v.question === "stage" && v.score < 1)
      ctx.addIssue({ code: "custom", path: ["score"], message: "Choose a score from 1 to 5." });
    if (v.question === "stage" && v.score > 5)
      ctx.addIssue({ code: "custom", path: ["score"], message: "Choose a score from 1 to 5." });
    if (v.question === "stage" && !v.feeling)
      ctx.addIssue({ code: "custom", path: ["feeling"], message: "Choose how you felt." });
  });

/** The survey form's answer: what was saved and until when it may change, or why not (400 / 404). */
export async function answerPulseForm(form: Record<string, FormDataEntryValue>, userId: string) {
  const raw = Object.fromEntries(Object.entries(form).filter(([, v]) => typeof v === "string"));
  const target = typeof raw.target === "string" ? raw.target.slice(0, 100) : undefined;
  const parsed = pulseForm.safeParse(raw);
  if (!parsed.success) {
    return data(
      {
        ok: false as const,
        question: "pulse",
        target,
        message: parsed.error.issues[0]?.message ?? "Invalid input.",
        fieldErrors: fieldErrorsOf(parsed.error),
      },
      { status: 400 },
    );
  }
  const input = parsed.data;
  try {
    const saved = await answerPulse(
      getDb(),
      userId,
      {
        question: input.question,
        stageId: input.stageId,
        score: input.score,
        feeling: input.question === "stage" ? (input.feeling ?? null) : null,
        comment: input.comment ? input.comment : null,
      },
      new Date(),
    );
    const until = formatDate(saved.changeableUntil.slice(0, 10));
    return data({
      ok: true as const,
      question: "pulse",
      target,
      message: `${saved.first ? "Thank you: your answer was sent." : "Your answer was changed."} You can change it until ${until}.`,
    });
  } catch (e) {
    const refused = refusal(e);
    if (!refused) throw e;
    const fieldErrors = refused.field ? { [refused.field]: refused.message } : undefined;
    return data(
      { ok: false as const, question: "pulse", target, message: refused.message, fieldErrors },
      { status: refused.status },
    );
  }
}
