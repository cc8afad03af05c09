// The one shape of a playbook as a document: what the YAML importer checks, what
// a published version stores, and what /playbook.schema.json describes (ADR 030).
// Stages and milestones carry stable keys, so two versions are compared by key.

import { z } from "zod";
import { STAGE_COPY_PLACEHOLDERS, unknownPlaceholders } from "#emails/stage-copy";

export const CUSTOMER_ROLES = ["champion", "admin", "executive_sponsor", "end_user"] as const;
export const VENDOR_ROLES = ["sales", "onboarding", "csm", "support", "account_manager"] as const;
export const RESOURCE_KINDS = ["guide", "video", "webinar", "course"] as const;
export const DUE_FROM = ["journey_start", "stage_entry"] as const;
export const DUE_OFFSET_KINDS = ["calendar", "business"] as const;
export const VISIBILITIES = ["customer", "internal"] as const;

export type CustomerRole = (typeof CUSTOMER_ROLES)[number];
export type VendorRole = (typeof VENDOR_ROLES)[number];

const KEY_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const key = z
  .string()
  .max(60, "A key is at most 60 characters.")
  .regex(KEY_PATTERN, 'A key is lowercase letters and digits joined by single hyphens, like "kickoff-call".')
  .describe("Stable key: lowercase letters and digits joined by hyphens. Keep it when the text changes.");

// One line of text: no line breaks, tabs or other control characters.
const oneLine = (what: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, `${what} can't be empty.`)
    .max(max, `${what} is at most ${max} characters.`)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
    .regex(/^[^\u0000-\u001f\u007f]*$/, `${what} must be on one line.`);

const text = (max: number) => z.string().max(max, `This text is at most ${max} characters.`).default("");

const days = (what: string) =>
  z
    .int(`${what} is a whole number of days.`)
    .min(0, `${what} can't be negative.`)
    .max(3650, `${what} is at most 3650 days (ten years).`);

export const resourceSchema = z.strictObject({
  title: oneLine("A resource's title", 200),
  url: z
    .url({ protocol: /^https?$/, error: "The URL must start with http:// or https://." })
    .max(2000, "The URL is at most 2000 characters.")
    .describe("Where the resource lives: an http(s) address."),
  kind: z.enum(RESOURCE_KINDS, `The kind is one of: ${RESOURCE_KINDS.join(", ")}.`),
  minutes: z
    .int("Minutes is a whole number.")
    .min(0, "Minutes can't be negative.")
    .max(1000, "Minutes is at most 1000."),
});

export const milestoneSchema = z
  .strictObject({
    key,
    title: oneLine("A milestone's title", 200),
    description: text(4000),
    ownerSide: z.enum(["customer", "vendor"], "The owner side is customer or vendor."),
    ownerRole: z
      .enum(
        [...CUSTOMER_ROLES, ...VENDOR_ROLES],
        `The owner role is one of ${CUSTOMER_ROLES.join(", ")} (customer side) or ${VENDOR_ROLES.join(", ")} (vendor side).`,
      )
      .describe(`Customer side: ${CUSTOMER_ROLES.join(", ")}. Vendor side: ${VENDOR_ROLES.join(", ")}.`),
    dueOffsetDays: days("The due offset"),
    dueFrom: z
      .enum(DUE_FROM, "dueFrom is journey_start or stage_entry.")
      .default("journey_start")
      .describe("What the due offset counts from: the journey's start or the stage's entry."),
    dueOffsetKind: z
      .enum(DUE_OFFSET_KINDS, "dueOffsetKind is calendar or business.")
      .default("calendar")
      .describe("Calendar days, or business days (Monday to Friday)."),
    required: z.boolean("required is true or false.").default(true),
    visibility: z
      .enum(VISIBILITIES, "visibility is customer or internal.")
      .default("customer")
      .describe("customer: the customer sees it; internal: only staff do."),
    firstValue: z
      .boolean("firstValue is true or false.")
      .default(false)
      .describe("Completing this milestone marks the journey's time to first value."),
    segments: z
      .array(oneLine("A segment", 100))
      .min(1, "List at least one segment, or leave segments out.")
      .optional()
      .describe("Only accounts in one of these segments get this milestone; leave out for every account."),
    resources: z.array(resourceSchema).default([]),
  })
  .superRefine((m, ctx) => {
    const allowed: readonly string[] = m.ownerSide === "customer" ? CUSTOMER_ROLES : VENDOR_ROLES;
    if (!allowed.includes(m.ownerRole)) {
      ctx.addIssue({
        code: "custom",
        path: ["ownerRole"],
        message: `"${m.ownerRole}" is not a ${m.ownerSide}-side role; use one of: ${allowed.join(", ")}.`,
      });
    }
  });

export const EMAIL_SUBJECT_MAX = 150;
export const EMAIL_INTRO_MAX = 1500;
const PLACEHOLDER_LIST = Object.keys(STAGE_COPY_PLACEHOLDERS)
  .map((p) => `{${p}}`)
  .join(", ");

/** Placeholders in braces must be ones the email fills in; anything else is a typo. */
const knownPlaceholders = (what: string) => (value: string, ctx: z.RefinementCtx<string>) => {
  const unknown = unknownPlaceholders(value);
  if (unknown.length) {
    ctx.addIssue({
      code: "custom",
      message: `${what} uses ${unknown.map((u) => `{${u}}`).join(", ")}, which is not a placeholder; use ${PLACEHOLDER_LIST}.`,
    });
  }
};

/** The stage email's words: one subject line and a plain-text introduction, placeholders allowed. */
export const stageEmailSchema = z
  .strictObject({
    subject: oneLine("The email's subject", EMAIL_SUBJECT_MAX)
      .superRefine(knownPlaceholders("The subject"))
      .describe(`The subject line; ${PLACEHOLDER_LIST} are filled in when the email is sent.`),
    intro: z
      .string()
      .trim()
      .min(1, "The introduction can't be empty.")
      .max(EMAIL_INTRO_MAX, `The introduction is at most ${EMAIL_INTRO_MAX} characters.`)
      // biome-ignore lint/suspicious/noControlCharactersInRegex: plain text: line breaks only
      .regex(/^[^\u0000-\u0009\u000b-\u001f\u007f]*$/, "The introduction is plain text: no tabs or control characters.")
      .superRefine(knownPlaceholders("The introduction"))
      .describe(
        `The opening words of the email, plain text; a blank line starts a new paragraph. ${PLACEHOLDER_LIST} are filled in when it is sent.`,
      ),
  })
  .describe("The email each customer contact gets when a journey enters this stage; leave out for generic words.");

export const stageSchema = z.strictObject({
  key,
  name: oneLine("A stage's name", 120),
  description: text(4000).describe("What the customer reads about this stage."),
  goal: text(1000).describe("The stage's end goal, in plain words."),
  successMeasure: text(1000).describe("How success in this stage is measured."),
  expectedDays: z
    .int("expectedDays is a whole number of days.")
    .min(1, "expectedDays is at least 1.")
    .max(3650, "expectedDays is at most 3650.")
    .optional()
    .describe('How long the stage should take; "on track", "behind" and "stuck" are measured against it.'),
  email: stageEmailSchema.optional(),
  milestones: z.array(milestoneSchema).min(1, "A stage needs at least one milestone."),
});

export const playbookDocumentSchema = z
  .strictObject({
    name: oneLine("The playbook's name", 120),
    description: text(4000),
    stages: z.array(stageSchema).min(1, "A playbook needs at least one stage."),
  })
  .superRefine((doc, ctx) => {
    const stageKeys = new Map<string, number>();
    const milestoneKeys = new Map<string, string>();
    doc.stages.forEach((stage, si) => {
      const earlier = stageKeys.get(stage.key);
      if (earlier !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["stages", si, "key"],
          message: `The stage key "${stage.key}" is already used by stage ${earlier + 1}; keys must be unique.`,
        });
      } else stageKeys.set(stage.key, si);
      stage.milestones.forEach((m, mi) => {
        const where = milestoneKeys.get(m.key);
        if (where !== undefined) {
          ctx.addIssue({
            code: "custom",
            path: ["stages", si, "milestones", mi, "key"],
            message: `The milestone key "${m.key}" is already used in ${where}; keys must be unique in the playbook.`,
          });
        } else milestoneKeys.set(m.key, `stage "${stage.key}"`);
      });
    });
  })
  .meta({
    title: "Waypoint playbook",
    description: "A Waypoint playbook: stages, their milestones and resources. Keys are stable between versions.",
  });

/** A checked playbook, with every default filled in: what a version stores. */
export type PlaybookDocument = z.output<typeof playbookDocumentSchema>;
/** A playbook as written, before defaults: what a file or a test may give. */
export type PlaybookDocumentInput = z.input<typeof playbookDocumentSchema>;
export type PlaybookStage = PlaybookDocument["stages"][number];
export type PlaybookMilestone = PlaybookStage["milestones"][number];
export type PlaybookResource = PlaybookMilestone["resources"][number];
export type PlaybookStageEmail = z.output<typeof stageEmailSchema>;

/** The JSON Schema editors validate a playbook file with, from the same zod schema. */
export function playbookJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(playbookDocumentSchema, { io: "input", target: "draft-2020-12" }) as Record<string, unknown>;
}
