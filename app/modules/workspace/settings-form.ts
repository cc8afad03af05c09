// The workspace settings form's schema, shared by the action and the page.
// An empty or absent field means "use the default" (the environment's, for the name and
// the reminder hours), so a setting can always be given back.
import { z } from "zod";
import { hasLineBreakers } from "~/utils/single-line";
import { brandColourProblem, normaliseHex } from "./brand-colour";

const optional = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess((v) => (v === undefined || (typeof v === "string" && v.trim() === "") ? null : v), schema.nullable());

const hour = z.coerce.number({ error: "Choose an hour." }).int().min(0).max(24);
const day = z.coerce.number({ error: "Choose a day." }).int().min(1, { error: "Choose a day." }).max(7);

/** Every IANA zone this runtime knows, plus UTC (which some runtimes leave out of the list). */
export function timezones(): string[] {
  return [...new Set(["UTC", ...Intl.supportedValuesOf("timeZone")])];
}

export const settingsForm = z
  .object({
    intent: z.literal("save"),
    vendorName: optional(
      z
        .string()
        .trim()
        .max(80, { error: "The vendor name can be at most 80 characters." })
        .refine((v) => !hasLineBreakers(v), { error: "Enter the vendor name on one line." }),
    ),
    brandColour: optional(
      z.string().transform((v, ctx) => {
        const hex = normaliseHex(v);
        if (!hex) {
          ctx.addIssue({ code: "custom", message: "Enter the brand colour as a hex code such as #1f57c0." });
          return z.NEVER;
        }
        const problem = brandColourProblem(hex);
        if (problem) {
          ctx.addIssue({ code: "custom", message: problem });
          return z.NEVER;
        }
        return hex;
      }),
    ),
    supportEmail: optional(
      z.email({ error: "Enter the support email as an address such as help@vendor.com." }).max(254),
    ),
    meetingUrl: optional(
      z
        .url({ protocol: /^https?$/, error: "Enter the meeting link as a full https:// address." })
        .max(2000, { error: "That meeting link is too long." }),
    ),
    defaultTimezone: optional(
      z.string().refine((v) => timezones().includes(v), { error: "Choose a timezone from the list." }),
    ),
    nudgeStartHour: optional(hour),
    nudgeEndHour: optional(hour),
    nudgeFirstDay: optional(day),
    nudgeLastDay: optional(day),
  })
  .superRefine((v, ctx) => {
    const hours = [v.nudgeStartHour, v.nudgeEndHour];
    if (hours.filter((h) => h === null).length === 1)
      ctx.addIssue({
        code: "custom",
        path: ["nudgeStartHour"],
        message: "Choose both the first and the last hour, or neither.",
      });
    else if (v.nudgeStartHour !== null && v.nudgeEndHour !== null && v.nudgeStartHour >= v.nudgeEndHour)
      ctx.addIssue({
        code: "custom",
        path: ["nudgeEndHour"],
        message: "Reminders must stop later in the day than they start.",
      });
    const days = [v.nudgeFirstDay, v.nudgeLastDay];
    if (days.filter((d) => d === null).length === 1)
      ctx.addIssue({
        code: "custom",
        path: ["nudgeFirstDay"],
        message: "Choose both the first and the last day, or neither.",
      });
    else if (v.nudgeFirstDay !== null && v.nudgeLastDay !== null && v.nudgeFirstDay > v.nudgeLastDay)
      ctx.addIssue({
        code: "custom",
        path: ["nudgeLastDay"],
        message: "The last working day cannot come before the first.",
      });
  });

export type SettingsInput = Omit<z.infer<typeof settingsForm>, "intent">;

export const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
