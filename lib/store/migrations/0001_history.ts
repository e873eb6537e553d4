import type { Migration } from "./index";

/**
 * Index usage history (issue 4). Identity is (target, schema, table, index name): the current
 * OID maps to it, so a rebuild (new OID, same name) continues the same history.
 *
 * Storage is sparse: `polls` has one row per poll, `samples_raw` only the indexes whose
 * counters moved, so "no change" (a poll, no sample) differs from "not observed" (no poll).
 * Roll-ups are maintained in the same transaction as the raw rows they come from.
 */
export const historyMigration: Migration = {
  version: 1,
  name: "index usage history",
  sql: `
    CREATE TABLE targets (
      id text PRIMARY KEY,
      first_seen timestamptz NOT NULL DEFAULT now(),
      system_identifier text,
      postmaster_started_at timestamptz,
      stats_reset timestamptz,
      db_xact_commit bigint,
      last_poll_at timestamptz,
      last_size_at timestamptz,
      status text NOT NULL DEFAULT 'ok' CHECK (status IN ('ok', 'unreachable')),
      unreachable_since timestamptz,
      last_error text,
      simulated_until timestamptz
    );

    CREATE TABLE index_identity (
      id bigserial PRIMARY KEY,
      target_id text NOT NULL REFERENCES targets (id) ON DELETE CASCADE,
      schema_name text NOT NULL,
      table_name text NOT NULL,
      index_name text NOT NULL,
      current_oid bigint NOT NULL,
      definition text,
      first_seen timestamptz NOT NULL,
      dropped_at timestamptz,
      last_scans bigint NOT NULL DEFAULT 0,
      last_tuples_read bigint NOT NULL DEFAULT 0,
      last_tuples_fetched bigint NOT NULL DEFAULT 0,
      last_size_bytes bigint,
      UNIQUE (target_id, schema_name, table_name, index_name)
    );
    CREATE INDEX index_identity_by_oid ON index_identity (target_id, current_oid);

    CREATE TABLE polls (
      target_id text NOT NULL REFERENCES targets (id) ON DELETE CASCADE,
      polled_at timestamptz NOT NULL,
      index_count int NOT NULL,
      changed_count int NOT NULL,
      PRIMARY KEY (target_id, polled_at)
    );

    CREATE TABLE samples_raw (
      identity_id bigint NOT NULL REFERENCES index_identity (id) ON DELETE CASCADE,
      polled_at timestamptz NOT NULL,
      scans bigint NOT NULL,
      tuples_read bigint NOT NULL,
      tuples_fetched bigint NOT NULL,
      PRIMARY KEY (identity_id, polled_at)
    );
    CREATE INDEX samples_raw_by_time ON samples_raw (polled_at);

    CREATE TABLE usage_hourly (
      identity_id bigint NOT NULL REFERENCES index_identity (id) ON DELETE CASCADE,
      hour timestamptz NOT NULL,
      scans bigint NOT NULL,
      tuples_read bigint NOT NULL,
      tuples_fetched bigint NOT NULL,
      simulated boolean NOT NULL DEFAULT false,
      PRIMARY KEY (identity_id, hour)
    );
    CREATE INDEX usage_hourly_by_time ON usage_hourly (hour);

    CREATE TABLE usage_daily (
      identity_id bigint NOT NULL REFERENCES index_identity (id) ON DELETE CASCADE,
      day date NOT NULL,
      scans bigint NOT NULL,
      tuples_read bigint NOT NULL,
      tuples_fetched bigint NOT NULL,
      simulated boolean NOT NULL DEFAULT false,
      PRIMARY KEY (identity_id, day)
    );
    CREATE INDEX usage_daily_by_day ON usage_daily (day);

    CREATE TABLE size_samples (
      identity_id bigint NOT NULL REFERENCES index_identity (id) ON DELETE CASCADE,
      sampled_at timestamptz NOT NULL,
      size_bytes bigint NOT NULL,
      simulated boolean NOT NULL DEFAULT false,
      PRIMARY KEY (identity_id, sampled_at)
    );

    CREATE TABLE events (
      id bigserial PRIMARY KEY,
      target_id text NOT NULL REFERENCES targets (id) ON DELETE CASCADE,
      identity_id bigint REFERENCES index_identity (id) ON DELETE CASCADE,
      at timestamptz NOT NULL,
      ended_at timestamptz,
      kind text NOT NULL CHECK (kind IN ('reset', 'rebuild', 'restart', 'restore', 'unreachable', 'store_gap', 'dropped', 'simulated')),
      detail text NOT NULL DEFAULT ''
    );
    -- A batch replayed after a store outage must not record its events twice.
    CREATE UNIQUE INDEX events_once ON events (target_id, kind, at, coalesce(identity_id, 0));
  `,
};
