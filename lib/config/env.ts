import { z } from "zod";
import { FINDING_KINDS } from "../analysis/types";

const booleanish = z
  .enum(["1", "0", "true", "false", "on", "off", "yes", "no", ""])
  .transform((v) => ["1", "true", "on", "yes"].includes(v));

/**
 * Every environment variable the app reads, in one place (the README lists the same).
 * Parsed once; a bad value stops start-up with the variable's name in the message.
 */
const envSchema = z.object({
  DATABASE_URL: z.string().min(1).optional(),
  STORE_URL: z.string().min(1).optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  INDEXWATCH_DATA_DIR: z.string().min(1).default(".indexwatch"),
  /** Port of the embedded PostgreSQL (demo and default store). */
  INDEXWATCH_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  /** Set by the launcher when it serves the built-in demo database. */
  INDEXWATCH_DEMO: booleanish.default(false),
  DEMO_WORKLOAD: booleanish.default(true),
  /** DEMO_TARGETS=2: the demo watches a second copy of its database too (a fleet of two). */
  DEMO_TARGETS: z.coerce.number().int().min(1).max(2).default(1),
  TARGET_ID: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "lower-case letters, digits and dashes")
    .optional(),
  TARGET_NAME: z.string().min(1).max(200).optional(),
  /** Connection for actions (REINDEX, DROP) on the single DATABASE_URL target. */
  ACTION_DATABASE_URL: z.string().min(1).optional(),
  /**
   * Connection for generic plans (EXPLAIN, never executed) on the single DATABASE_URL target: a
   * role with pg_read_all_data, since the monitoring role may not read the tables it plans.
   */
  EXPLAIN_DATABASE_URL: z.string().min(1).optional(),
  /** Plans derived per target per sampler interval at most (see lib/plans/plan-budget.ts). */
  PLANS_PER_INTERVAL: z.coerce.number().int().min(0).max(1_000).default(5),
  /** Password of the built-in `operator` user (acts); hashed with scrypt at start, never stored. */
  OPERATOR_PASSWORD: z.string().min(8, "at least 8 characters").optional(),
  /** Password of the built-in `viewer` user (reads). */
  VIEWER_PASSWORD: z.string().min(8, "at least 8 characters").optional(),
  /** More users, as JSON: [{"username","role":"viewer"|"operator","scryptHash"}] (see lib/auth/passwords.ts). */
  INDEXWATCH_USERS: z.string().min(2).optional(),
  /** Key that signs session cookies; generated into INDEXWATCH_DATA_DIR/session-secret when unset. */
  SESSION_SECRET: z.string().min(32, "at least 32 characters").optional(),
  /** Reading without logging in (acting always needs an operator session). */
  READ_ANONYMOUS: booleanish.default(true),
  /** Turns every action off: no buttons, and the API answers 403. */
  READ_ONLY: booleanish.default(false),
  /** The app's public origin (https://indexwatch.example.com) when a proxy hides it. */
  APP_ORIGIN: z.url().optional(),
  /** lock_timeout of actions, in milliseconds: how long REINDEX may queue for its table lock. */
  ACTION_LOCK_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  /** Seconds between two polls of a target's scan counters (10 in the demo unless set). */
  SAMPLE_INTERVAL: z.coerce.number().int().min(1).max(86_400).optional(),
  /** Seconds between two sizings of a target's indexes. */
  SIZE_INTERVAL: z.coerce.number().int().min(10).max(86_400).default(600),
  /** Statement history: how many of the busiest pg_stat_statements entries (by total time, and by calls) each poll reads. */
  STATEMENTS_TOP: z.coerce.number().int().min(1).max(100_000).default(200),
  /** Seconds between two reads of every pg_stat_statements entry (the busiest are read every poll). */
  STATEMENTS_FULL_INTERVAL: z.coerce.number().int().min(10).max(86_400).default(600),
  /** Turns the statement history off (STATEMENTS=off). */
  STATEMENTS: booleanish.default(true),
  /** History kept: raw samples (hours), hourly roll-ups (days), daily roll-ups, sizes and events (days). */
  RETAIN_RAW_HOURS: z.coerce.number().int().min(1).max(8_760).default(48),
  RETAIN_HOURLY_DAYS: z.coerce.number().int().min(1).max(3_650).default(90),
  RETAIN_DAILY_DAYS: z.coerce.number().int().min(1).max(36_500).default(730),
  /** Polls kept in memory per target while the store is down (older ones are merged). */
  SAMPLER_BUFFER_POLLS: z.coerce.number().int().min(2).max(100_000).default(500),
  /** The demo fills the store with eight weeks of simulated history on its first start. */
  DEMO_SIMULATED_HISTORY: booleanish.default(true),
  /** Days of observation before a never-scanned index counts as unused (before: "too early to tell"). */
  UNUSED_MIN_DAYS: z.coerce.number().min(0).max(3_650).default(7),
  /** A bloat finding needs at least this share (%) and this many bytes of an index to be free space. */
  BLOAT_MIN_PERCENT: z.coerce.number().min(0).max(100).default(30),
  BLOAT_MIN_BYTES: z.coerce.number().int().min(0).default(1_048_576),
  /** statement_timeout for monitoring queries, in milliseconds. */
  QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  /** Path of the targets file (default ./indexwatch.config.json when it exists); see lib/config/targets-file.ts. */
  INDEXWATCH_CONFIG: z.string().min(1).optional(),
  /** Bearer token that GET /metrics requires; unset means /metrics is as open as reading (READ_ANONYMOUS). */
  METRICS_TOKEN: z.string().min(16, "at least 16 characters").optional(),
  /** Per target, how many indexes (the largest) get series of their own on /metrics; the rest sum into "other". */
  METRICS_MAX_INDEX_SERIES: z.coerce.number().int().min(0).max(100_000).default(50),
  /** Where the weekly digest is POSTed (JSON with a Markdown `text`), every Monday for the week before. */
  DIGEST_WEBHOOK_URL: z.url().optional(),
  /** Finding kinds to turn off, comma-separated (FINDINGS_DISABLED=no_primary_key,seq_scan_heavy). */
  FINDINGS_DISABLED: z
    .string()
    .transform((value) =>
      value
        .split(",")
        .map((kind) => kind.trim())
        .filter((kind) => kind !== ""),
    )
    .pipe(z.array(z.enum(FINDING_KINDS)))
    .default([]),
  /** How many proxies in front of the app to believe in X-Forwarded-For (0: the socket's peer is the client). */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  /** The address the server listens on; 0.0.0.0 or :: exposes it beyond this machine. */
  HOST: z
    .string()
    .regex(/^[A-Za-z0-9.:-]{1,253}$/, "a host name or an IP address")
    .default("127.0.0.1"),
});

export type Env = z.infer<typeof envSchema>;

export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  // `FOO= npm start` means "not set", as shells and compose files write it.
  const present = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value !== ""),
  );
  const outcome = envSchema.safeParse(present);
  if (!outcome.success) {
    const problems = outcome.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`bad environment: ${problems}`);
  }
  return outcome.data;
}

/** Read on every call (cheap), so that tests and a long-lived server see the same rules. */
export function env(): Env {
  return readEnv();
}
