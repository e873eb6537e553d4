import type { Migration } from "./index";

/**
 * Statement history from pg_stat_statements (issue 15 §1). Identity is (target, queryid,
 * database, user), as pg_stat_statements keys its top-level entries; the queryid is a signed
 * 64-bit integer, kept as bigint here and as a string everywhere in the app. The text is
 * stored once, capped (lib/analysis/statement-deltas.ts).
 *
 * Like the index history: raw rows only for statements whose counters moved in a poll,
 * hourly and daily roll-ups maintained in the same transaction, all pruned by
 * lib/store/retention.ts. `last_*` is the sampler's memory of the cumulative counters, so a
 * process that takes the target over continues the deltas. `statement_status` says whether
 * the target has pg_stat_statements at all, and why not (the pages show the reason).
 */
export const statementHistoryMigration: Migration = {
  version: 11,
  name: "statement history",
  sql: `
    CREATE TABLE statement_identity (
      id bigserial PRIMARY KEY,
      target_id text NOT NULL REFERENCES targets (id) ON DELETE CASCADE,
      queryid bigint NOT NULL,
      dbid bigint NOT NULL,
      userid bigint NOT NULL,
      query text NOT NULL,
      first_seen timestamptz NOT NULL,
      last_seen timestamptz NOT NULL,
      last_calls bigint NOT NULL DEFAULT 0,
      last_total_ms double precision NOT NULL DEFAULT 0,
      last_rows bigint NOT NULL DEFAULT 0,
      UNIQUE (target_id, queryid, dbid, userid)
    );

    CREATE TABLE statement_samples_raw (
      identity_id bigint NOT NULL REFERENCES statement_identity (id) ON DELETE CASCADE,
      polled_at timestamptz NOT NULL,
      calls bigint NOT NULL,
      total_ms double precision NOT NULL,
      rows bigint NOT NULL,
      PRIMARY KEY (identity_id, polled_at)
    );
    CREATE INDEX statement_samples_raw_by_time ON statement_samples_raw (polled_at);

    CREATE TABLE statement_usage_hourly (
      identity_id bigint NOT NULL REFERENCES statement_identity (id) ON DELETE CASCADE,
      hour timestamptz NOT NULL,
      calls bigint NOT NULL,
      total_ms double precision NOT NULL,
      rows bigint NOT NULL,
      PRIMARY KEY (identity_id, hour)
    );
    CREATE INDEX statement_usage_hourly_by_time ON statement_usage_hourly (hour);

    CREATE TABLE statement_usage_daily (
      identity_id bigint NOT NULL REFERENCES statement_identity (id) ON DELETE CASCADE,
      day date NOT NULL,
      calls bigint NOT NULL,
      total_ms double precision NOT NULL,
      rows bigint NOT NULL,
      PRIMARY KEY (identity_id, day)
    );
    CREATE INDEX statement_usage_daily_by_day ON statement_usage_daily (day);

    CREATE TABLE statement_status (
      target_id text PRIMARY KEY REFERENCES targets (id) ON DELETE CASCADE,
      available boolean NOT NULL,
      reason text,
      checked_at timestamptz NOT NULL,
      last_full_at timestamptz,
      info_stats_reset timestamptz,
      info_dealloc bigint
    );

    CREATE TABLE statement_events (
      target_id text NOT NULL REFERENCES targets (id) ON DELETE CASCADE,
      at timestamptz NOT NULL,
      kind text NOT NULL CHECK (kind IN ('reset', 'dealloc', 'baseline')),
      detail text NOT NULL DEFAULT '',
      PRIMARY KEY (target_id, kind, at)
    );
  `,
};
