// Environment variables, validated once at start-up. A missing or malformed
// variable stops the process with a message that names it.
import { z } from "zod";

const port = z.coerce.number().int().min(1).max(65535);
const booleanish = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional(),
  PORT: port.default(3000),
  /** Unset: 127.0.0.1 for the demo (embedded database, published passwords), 0.0.0.0 otherwise. */
  HOST: z.string().min(1).optional(),
  APP_URL: z.url({ message: "must be a full URL such as https://portal.example.com" }).optional(),
  EMBEDDED_PG_PORT: port
    .refine((p) => p !== 5432, "must not be 5432, which a system PostgreSQL usually uses")
    .optional(),
  DATA_DIR: z.string().min(1).default(".data"),
  TRUST_PROXY: booleanish.default(false),
  SEED_DEMO: booleanish.optional(),

  // Email. Without RESEND_API_KEY emails are rendered and kept for /csm/outbox.
  RESEND_API_KEY: z.string().min(1).optional(),
  /** Resend's SDK reads it too; tests point it at a fake server. */
  RESEND_BASE_URL: z.url({ message: "must be a full URL such as https://api.resend.com" }).optional(),
  RESEND_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_[A-Za-z0-9+/=]+$/, "must be the signing secret Resend shows, starting with whsec_")
    .optional(),
  EMAIL_FROM: z
    .string()
    .regex(/^(.+ <[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/, 'must be an address, or "Name <address>"')
    .default("Waypoint Demo <success@waypoint.example>"),
  /** The vendor's name in emails; defaults to the name in EMAIL_FROM. */
  VENDOR_NAME: z.string().min(1).optional(),
  /** Run the email worker inside `npm start` (default), or only in `npm run worker`. */
  RUN_WORKER: booleanish.default(true),
  /** Local hours (24h, start inclusive, end exclusive) and ISO weekdays (1 = Monday) for nudges. */
  NUDGE_HOURS: z
    .string()
    .regex(/^\d{1,2}-\d{1,2}$/, "must look like 9-17")
    .refine((v) => {
      const [a, b] = v.split("-").map(Number);
      return a < b && b <= 24;
    }, "must be start-end with start before end, within 0-24")
    .default("9-17"),
  NUDGE_DAYS: z
    .string()
    .regex(/^[1-7]-[1-7]$/, "must look like 1-5 (Monday to Friday)")
    .refine((v) => {
      const [a, b] = v.split("-").map(Number);
      return a <= b;
    }, "must be first-last with first not after last")
    .default("1-5"),
  /** Customer-owned milestones overdue by more than this many days go to the CSM instead. */
  NUDGE_ESCALATION_DAYS: z.coerce.number().int().min(1).max(365).default(5),
});

export type Env = z.infer<typeof schema> & { HOST: string };

export interface NudgeRules {
  startHour: number;
  endHour: number;
  firstDay: number;
  lastDay: number;
  escalationDays: number;
}

export function nudgeRules(env: Env): NudgeRules {
  const [startHour, endHour] = env.NUDGE_HOURS.split("-").map(Number);
  const [firstDay, lastDay] = env.NUDGE_DAYS.split("-").map(Number);
  return { startHour, endHour, firstDay, lastDay, escalationDays: env.NUDGE_ESCALATION_DAYS };
}

/** The address people reach the portal at, for links in emails. */
export function appUrl(env: Env): string {
  if (env.APP_URL) return env.APP_URL.replace(/\/+$/, "");
  const host = ["0.0.0.0", "::", "127.0.0.1"].includes(env.HOST) ? "localhost" : env.HOST;
  return `http://${host}:${env.PORT}`;
}

/** The sender's display name: VENDOR_NAME, else the name in EMAIL_FROM. */
export function vendorName(env: Env): string {
  return env.VENDOR_NAME ?? env.EMAIL_FROM.match(/^(.+?) </)?.[1].replace(/^"|"$/g, "") ?? "Waypoint";
}

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  // An empty string in .env files means "unset", as most tools treat it.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`Invalid environment configuration:\n${lines.join("\n")}`);
  }
  const data = result.data;
  return { ...data, HOST: data.HOST ?? (data.DATABASE_URL ? "0.0.0.0" : "127.0.0.1") };
}

let cachedEnv: Env | null = null;

/** The environment as parsed once for this process (routes and jobs use it). */
export function getEnv(): Env {
  cachedEnv ??= parseEnv();
  return cachedEnv;
}
