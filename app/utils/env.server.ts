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
});

export type Env = z.infer<typeof schema> & { HOST: string };

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  // An empty string in .env files means "unset", as most tools treat it.
  const cleaned = Object.fromEntries(
    Object.entries(source).filter(([, v]) => v !== undefined && v !== ""),
  );
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`Invalid environment configuration:\n${lines.join("\n")}`);
  }
  const data = result.data;
  return { ...data, HOST: data.HOST ?? (data.DATABASE_URL ? "0.0.0.0" : "127.0.0.1") };
}
