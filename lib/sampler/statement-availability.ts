/**
 * Whether pg_stat_statements can be read on a target, and if not, how to turn it on: the
 * pages show this text instead of an error. Pure: the statement sampler feeds it what the
 * target answered.
 */

export interface StatementsProbe {
  role: string;
  database: string;
  /** The extension's schema (quoted); null when not installed in this database. */
  schema: string | null;
  /** True when the role is a superuser or a member of pg_read_all_stats. */
  readsAll: boolean;
  /** SQLSTATE of the failed first read, when it failed. */
  readError?: { code: string | undefined; message: string };
}

export interface StatementsAvailability {
  available: boolean;
  /** Why not and how to enable it; a note (the grant) even when available. */
  reason: string | null;
}

const PRELOAD =
  "add pg_stat_statements to shared_preload_libraries in postgresql.conf and restart PostgreSQL";

export function statementsAvailability(probe: StatementsProbe): StatementsAvailability {
  if (probe.schema === null) {
    return {
      available: false,
      reason:
        `pg_stat_statements is not installed in database "${probe.database}": ${PRELOAD}, ` +
        `then run CREATE EXTENSION pg_stat_statements; in "${probe.database}".`,
    };
  }
  if (probe.readError?.code === "55000") {
    return {
      available: false,
      reason: `pg_stat_statements is installed but its library is not loaded: ${PRELOAD}.`,
    };
  }
  if (probe.readError?.code === "42501") {
    return {
      available: false,
      reason: `the role "${probe.role}" may not read pg_stat_statements: GRANT pg_read_all_stats TO "${probe.role}"; (or pg_monitor).`,
    };
  }
  if (probe.readError) {
    return { available: false, reason: `pg_stat_statements could not be read: ${probe.readError.message}` };
  }
  if (!probe.readsAll) {
    return {
      available: true,
      reason:
        `the role "${probe.role}" sees only its own statements' texts and ids: ` +
        `GRANT pg_read_all_stats TO "${probe.role}"; (pg_monitor includes it) to see every user's.`,
    };
  }
  return { available: true, reason: null };
}
