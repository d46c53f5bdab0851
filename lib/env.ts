// Every setting Triage reads from the environment, parsed once with zod. A bad value stops the
// start with a message naming the variable and what it accepts (never a silent NaN or default).
import { z } from "zod";

const positiveInt = (what: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,12}$/, `must be a whole number (${what})`)
    .transform(Number)
    .refine((n) => n > 0, `must be greater than 0 (${what})`);

const flag = z
  .enum(["0", "1", "true", "false"], { message: "must be 1 or 0 (true or false)" })
  .transform((v) => v === "1" || v === "true");

const list = z.string().transform((s) =>
  s
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean),
);

/** Unset, or set to the empty string: both mean "not configured". */
const unsetWhenEmpty = <T extends z.ZodType>(schema: T) =>
  schema.optional().or(z.literal("").transform(() => undefined));

const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .regex(
      /^postgres(ql)?:\/\/\S+$/,
      "must be a postgres:// or postgresql:// URL (or unset for the embedded PGlite database)",
    )
    .optional()
    .or(z.literal("").transform(() => undefined)),
  TRIAGE_DATA_DIR: z.string().trim().min(1, "must be a directory path").default(".data/pglite"),
  TRIAGE_MIGRATIONS_DIR: z.string().trim().min(1).optional(),
  HOST: z.string().trim().min(1, "must be a host name or address, e.g. 127.0.0.1 or 0.0.0.0").default("127.0.0.1"),
  PORT: positiveInt("a TCP port, 1–65535")
    .refine((n) => n <= 65_535, "must be a TCP port, 1–65535")
    .default(3000),
  TRIAGE_REDACT_FIELDS: list.default([]),
  TRIAGE_REDACT_RESPONSE_VALUES: flag.default(false),
  TRIAGE_DB_POOL: positiveInt("PostgreSQL connections").default(10),
  TRIAGE_INGEST_RATE: positiveInt("events per second per API key").optional(),
  TRIAGE_RETENTION_DAYS: positiveInt("days events are kept")
    .refine(
      (n) => n >= 62,
      "must be at least 62 (days events are kept: a month is dropped only once all of it is older)",
    )
    .default(400),
  TRIAGE_INGEST_BURST: positiveInt("events").optional(),
  TRIAGE_INGEST_BYTES_RATE: positiveInt("request bytes per second per API key").optional(),
  TRIAGE_INGEST_CONCURRENCY: positiveInt("ingest requests in progress at once").optional(),
  TRIAGE_INGEST_KEY_SLOTS: positiveInt("ingest slots one API key may hold at once").optional(),
  TRIAGE_INGEST_BODY_TIMEOUT_MS: positiveInt("milliseconds a request body may take to arrive").optional(),
  TRIAGE_PGLITE_SHARED_BUFFERS: z
    .string()
    .trim()
    .regex(/^\d{1,6}(kB|MB|GB)$/, "must be a PostgreSQL memory size such as 24MB")
    .default("24MB"),
  NODE_ENV: z.enum(["development", "production", "test"]).optional(),
  /** next-auth's signing secret (either name). Required in production; the demo makes one. */
  NEXTAUTH_SECRET: unsetWhenEmpty(z.string().min(32, "must be at least 32 characters (openssl rand -base64 32)")),
  AUTH_SECRET: unsetWhenEmpty(z.string().min(32, "must be at least 32 characters (openssl rand -base64 32)")),
  /** Public URL of the dashboard; an https:// URL turns on HSTS and secure cookies. */
  NEXTAUTH_URL: unsetWhenEmpty(
    z.url({ message: "must be the dashboard's public URL, e.g. https://triage.example.org" }),
  ),
  TRIAGE_SESSION_HOURS: positiveInt("hours a sign-in lasts").default(12),
  TRIAGE_IDLE_MINUTES: positiveInt("minutes without activity before a session ends").default(60),
  /** Proxies in front of the server whose X-Forwarded-For entry is believed (0: the socket's peer is the client). */
  TRIAGE_TRUSTED_PROXIES: z
    .string()
    .trim()
    .regex(/^\d{1,2}$/, "must be a whole number of proxy hops in front of the server (0 or more)")
    .transform(Number)
    .default(0),
  /**
   * Alert e-mail through this SMTP server (smtp://user:pass@host:587, smtps://…); unset: written as
   * .eml files to TRIAGE_MAIL_DIR when that is set (the demo sets it), else not sent (the delivery
   * log says so).
   */
  TRIAGE_SMTP_URL: unsetWhenEmpty(
    z
      .string()
      .trim()
      .regex(/^smtps?:\/\/\S+$/, "must be an smtp:// or smtps:// URL"),
  ),
  TRIAGE_MAIL_DIR: unsetWhenEmpty(z.string().trim().min(1, "must be a directory path")),
  TRIAGE_ALERT_FROM: z
    .string()
    .trim()
    .min(3, "must be an e-mail sender such as Triage <triage@example.org>")
    .default("Triage <triage@localhost>"),
  /** 1: webhooks may go to private, loopback and link-local addresses (an internal relay); default: public addresses only. */
  TRIAGE_ALERT_PRIVATE_WEBHOOKS: flag.default(false),
  /** 0 turns the alert worker off in this process (another process sends). */
  TRIAGE_ALERTS: flag.default(true),
  /** Redis for what server processes share (ingest rates, cache changes); unset: through PostgreSQL. */
  TRIAGE_REDIS_URL: unsetWhenEmpty(
    z
      .string()
      .trim()
      .regex(/^rediss?:\/\/\S+$/, "must be a redis:// or rediss:// URL (or unset to share state through PostgreSQL)"),
  ),
  /** Prefix of Triage's Redis keys and channel: several Triage databases may share one Redis. */
  TRIAGE_REDIS_PREFIX: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9:._-]{1,60}$/, "must be 1-60 letters, digits or : . _ -")
    .default("triage:"),
  TRIAGE_DEMO_PASSWORD: z.string().min(12, "must be at least 12 characters").optional(),
  TRIAGE_DEMO_EVENTS: z
    .string()
    .trim()
    .regex(/^\d{1,9}$/, "must be a whole number of events (0 or more)")
    .transform(Number)
    .default(60_000),
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {}

/** Parses an environment; throws EnvError naming every bad variable and what it accepts. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map(
    (issue) =>
      `  ${String(issue.path[0])}=${JSON.stringify(String(source[String(issue.path[0])] ?? "")).slice(0, 80)}: ${issue.message}`,
  );
  throw new EnvError(`invalid configuration:\n${lines.join("\n")}`);
}

let cached: Env | undefined;

/** The process's settings, parsed on first use. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Forgets the parsed settings (tests that change process.env). */
export function resetEnv(): void {
  cached = undefined;
}
