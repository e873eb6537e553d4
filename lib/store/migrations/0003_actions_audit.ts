import type { Migration } from "./index";

/**
 * Actions (issue 6): one row per REINDEX / DROP / clean-up, written before anything runs and
 * kept as the audit log. Live progress is written to the same row, so any app process can
 * answer "how far along is it" after a reload.
 *
 * The partial unique index is the cross-process rule "one action per table at a time": a
 * second insert for a table with a queued or running action fails, and the caller answers
 * 409 with the running action's id.
 */
export const actionsAuditMigration: Migration = {
  version: 3,
  name: "actions audit log",
  sql: `
    CREATE TABLE actions_audit (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      target_id text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('reindex_index', 'reindex_table', 'drop_index', 'cleanup')),
      status text NOT NULL DEFAULT 'queued'
        CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
      username text NOT NULL,
      requested_at timestamptz NOT NULL DEFAULT now(),
      started_at timestamptz,
      finished_at timestamptz,
      -- What was asked for: the index's OID, or the table's for reindex_table.
      object_oid bigint NOT NULL,
      table_oid bigint NOT NULL,
      schema_name text NOT NULL,
      table_name text NOT NULL,
      index_name text,
      fingerprint text NOT NULL,
      index_oid_before bigint,
      index_oid_after bigint,
      size_before bigint,
      size_after bigint,
      sql text NOT NULL,
      undo_sql text,
      phase text,
      blocks_done bigint,
      blocks_total bigint,
      tuples_done bigint,
      tuples_total bigint,
      waiting_for_lock boolean NOT NULL DEFAULT false,
      lock_holder text,
      backend_pid int,
      heartbeat_at timestamptz,
      cancel_requested_by text,
      error text,
      notices text[] NOT NULL DEFAULT '{}',
      leftovers jsonb NOT NULL DEFAULT '[]'
    );
    CREATE UNIQUE INDEX actions_audit_one_per_table
      ON actions_audit (target_id, table_oid) WHERE status IN ('queued', 'running');
    CREATE INDEX actions_audit_by_target_time ON actions_audit (target_id, requested_at DESC);
    CREATE INDEX actions_audit_by_index ON actions_audit (target_id, index_oid_before);
  `,
};
