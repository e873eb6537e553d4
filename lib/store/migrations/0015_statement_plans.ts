import type { Migration } from "./index";

/**
 * Generic plans of the statements that matter (issue 15 §2), derived by the plan cycle
 * (lib/plans/plan-cycle.ts). One row per statement, keyed as pg_stat_statements keys it
 * (target, queryid, database, user), with what the plan was derived against (the catalog
 * fingerprint, the statement's mean time then) so the cycle knows when to derive it again.
 *
 * Links name an index by its identity as the history keeps it (schema, table, name; see
 * index_identity), not by OID: a rebuilt index keeps its statements. Sequential scans keep
 * what a missing-index rule needs (the filter and the sort keys over the scan). Both are
 * replaced whole each time a plan is derived.
 */
export const statementPlansMigration: Migration = {
  version: 15,
  name: "statement plans",
  sql: `
    CREATE TABLE statement_plans (
      target_id text NOT NULL REFERENCES targets (id) ON DELETE CASCADE,
      queryid bigint NOT NULL,
      dbid bigint NOT NULL,
      userid bigint NOT NULL,
      query text NOT NULL,
      planned_at timestamptz NOT NULL,
      catalog_version text,
      mean_ms_at_plan double precision NOT NULL DEFAULT 0,
      total_cost double precision,
      method text,
      planning_ms double precision NOT NULL DEFAULT 0,
      error text,
      PRIMARY KEY (target_id, queryid, dbid, userid)
    );

    CREATE TABLE statement_plan_indexes (
      target_id text NOT NULL,
      queryid bigint NOT NULL,
      dbid bigint NOT NULL,
      userid bigint NOT NULL,
      schema_name text NOT NULL,
      table_name text NOT NULL,
      index_name text NOT NULL,
      node_type text NOT NULL,
      PRIMARY KEY (target_id, queryid, dbid, userid, schema_name, table_name, index_name, node_type),
      FOREIGN KEY (target_id, queryid, dbid, userid)
        REFERENCES statement_plans (target_id, queryid, dbid, userid) ON DELETE CASCADE
    );
    CREATE INDEX statement_plan_indexes_by_index
      ON statement_plan_indexes (target_id, schema_name, table_name, index_name);

    CREATE TABLE statement_plan_seq_scans (
      target_id text NOT NULL,
      queryid bigint NOT NULL,
      dbid bigint NOT NULL,
      userid bigint NOT NULL,
      position int NOT NULL,
      schema_name text,
      table_name text NOT NULL,
      est_rows double precision NOT NULL,
      filter text,
      sort_keys text[] NOT NULL DEFAULT '{}',
      PRIMARY KEY (target_id, queryid, dbid, userid, position),
      FOREIGN KEY (target_id, queryid, dbid, userid)
        REFERENCES statement_plans (target_id, queryid, dbid, userid) ON DELETE CASCADE
    );
    CREATE INDEX statement_plan_seq_scans_by_table ON statement_plan_seq_scans (target_id, schema_name, table_name);

    CREATE TABLE plan_cycles (
      target_id text PRIMARY KEY REFERENCES targets (id) ON DELETE CASCADE,
      ran_at timestamptz NOT NULL,
      available boolean NOT NULL,
      reason text,
      planned int NOT NULL DEFAULT 0,
      planning_ms double precision NOT NULL DEFAULT 0,
      pending int NOT NULL DEFAULT 0
    );
  `,
};
