import { z } from "zod";
import { pgCount, pgInt, pgOid } from "@/lib/db/columns";
import { type Queryable, queryRows } from "@/lib/db/query";

const progressRow = z.object({
  waiting_for_lock: z.boolean(),
  blockers: z.array(pgInt).nullable(),
  phase: z.string().nullable(),
  blocks_done: pgCount.nullable(),
  blocks_total: pgCount.nullable(),
  tuples_done: pgCount.nullable(),
  tuples_total: pgCount.nullable(),
});
export type ActionProgressRow = z.infer<typeof progressRow>;

/**
 * One backend's index build, from pg_stat_progress_create_index, and whether it is queued
 * behind a lock (and whose). Null when the backend has gone.
 */
export async function readBuildProgress(db: Queryable, pid: number): Promise<ActionProgressRow | null> {
  const rows = await queryRows(
    db,
    "action_progress",
    `SELECT a.wait_event_type IS NOT DISTINCT FROM 'Lock' AS waiting_for_lock,
            CASE WHEN a.wait_event_type = 'Lock' THEN pg_blocking_pids(a.pid) END AS blockers,
            p.phase, p.blocks_done, p.blocks_total, p.tuples_done, p.tuples_total
       FROM pg_stat_activity a
       LEFT JOIN pg_stat_progress_create_index p ON p.pid = a.pid
      WHERE a.pid = $1`,
    [pid],
    progressRow,
  );
  return rows[0] ?? null;
}

const holderRow = z.object({
  pid: pgInt,
  query: z.string().nullable(),
  state: z.string().nullable(),
  application_name: z.string().nullable(),
  /** Seconds since the session's current query (or its last one, when idle) began. */
  query_seconds: pgInt.nullable(),
});
export type LockHolderRow = z.infer<typeof holderRow>;

export function describeBackends(db: Queryable, pids: number[]): Promise<LockHolderRow[]> {
  return queryRows(
    db,
    "action_backends",
    `SELECT pid, query, state, application_name,
            floor(extract(epoch FROM now() - query_start))::int8 AS query_seconds
       FROM pg_stat_activity WHERE pid = ANY($1::int[]) ORDER BY pid`,
    [pids],
    holderRow,
  );
}

/**
 * Sessions holding a lock on the table that conflicts with the SHARE UPDATE EXCLUSIVE lock
 * REINDEX / DROP INDEX CONCURRENTLY take: who to name when the lock could not be had.
 */
export function conflictingLockHolders(
  db: Queryable,
  tableOid: number,
  exceptPid: number,
): Promise<LockHolderRow[]> {
  return queryRows(
    db,
    "action_lock_holders",
    `SELECT DISTINCT a.pid, a.query, a.state, a.application_name,
            floor(extract(epoch FROM now() - a.query_start))::int8 AS query_seconds
       FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'relation' AND l.relation = $1::oid AND l.granted AND l.pid <> $2
        AND l.mode IN ('ShareUpdateExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock',
                       'ExclusiveLock', 'AccessExclusiveLock')
      ORDER BY a.pid`,
    [tableOid, exceptPid],
    holderRow,
  );
}

const builderRow = z.object({ pid: pgInt, command: z.string() });

/** Index builds running on this table right now, by anyone (a REINDEX from psql counts). */
export function buildsOnTable(db: Queryable, tableOid: number): Promise<z.infer<typeof builderRow>[]> {
  return queryRows(
    db,
    "action_builds_on_table",
    "SELECT pid, command FROM pg_stat_progress_create_index WHERE relid = $1::oid",
    [tableOid],
    builderRow,
  );
}

const leftoverRow = z.object({
  oid: pgOid,
  name: z.string(),
  schema: z.string(),
  /** The table the user knows: for a leftover on a TOAST table, the table that owns it. */
  table_oid: pgOid,
  table_schema: z.string(),
  table: z.string(),
  /** True when the leftover is an index of the table's TOAST table (schema pg_toast). */
  toast: z.boolean(),
  /** Quoted by the database: the clean-up's SQL is built from this, never from input. */
  quoted_index: z.string(),
  size_bytes: pgCount.nullable(),
});
export type LeftoverIndexRow = z.infer<typeof leftoverRow>;

/**
 * Invalid indexes left by an interrupted REINDEX CONCURRENTLY (`<name>_ccnew`, `_ccnew1`…;
 * `_ccold` after a failure late in the swap), optionally of one table only. REINDEX TABLE
 * rebuilds the TOAST table's index too, so its leftovers are listed under the owning table.
 */
export function listLeftoverIndexes(db: Queryable, tableOid: number | null): Promise<LeftoverIndexRow[]> {
  return queryRows(
    db,
    "action_leftover_indexes",
    `SELECT c.oid::int8 AS oid, c.relname AS name, n.nspname AS schema,
            coalesce(owner.oid, t.oid)::int8 AS table_oid, coalesce(owner.relname, t.relname) AS "table",
            (SELECT tn.nspname FROM pg_namespace tn WHERE tn.oid = coalesce(owner.relnamespace, t.relnamespace)) AS table_schema,
            owner.oid IS NOT NULL AS toast,
            format('%I.%I', n.nspname, c.relname) AS quoted_index,
            pg_relation_size(c.oid) AS size_bytes
       FROM pg_index i
       JOIN pg_class c ON c.oid = i.indexrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_class t ON t.oid = i.indrelid
       LEFT JOIN pg_class owner ON t.relkind = 't' AND owner.reltoastrelid = t.oid
      WHERE NOT i.indisvalid AND c.relname ~ '_cc(new|old)[0-9]*$'
        AND ($1::oid IS NULL OR coalesce(owner.oid, t.oid) = $1::oid)
        AND NOT EXISTS (SELECT 1 FROM pg_locks l
                         WHERE l.locktype = 'relation' AND l.relation IN (t.oid, owner.oid)
                           AND l.mode = 'AccessExclusiveLock' AND l.granted)
        -- A build still running owns its _ccnew: not a leftover yet.
        AND NOT EXISTS (SELECT 1 FROM pg_stat_progress_create_index p WHERE p.relid IN (t.oid, owner.oid))
      ORDER BY n.nspname, c.relname`,
    [tableOid],
    leftoverRow,
  );
}

const cancelRow = z.object({ cancelled: z.boolean() });

/** Cancels the backend that runs one action, named by its application_name (never another session). */
export async function cancelActionBackend(db: Queryable, applicationName: string): Promise<boolean> {
  const rows = await queryRows(
    db,
    "action_cancel",
    "SELECT pg_cancel_backend(pid) AS cancelled FROM pg_stat_activity WHERE application_name = $1",
    [applicationName],
    cancelRow,
  );
  return rows.some((r) => r.cancelled);
}

const standbyRow = z.object({ in_recovery: z.boolean(), version_num: pgOid });

export async function actionServerState(
  db: Queryable,
): Promise<{ in_recovery: boolean; version_num: number }> {
  const rows = await queryRows(
    db,
    "action_server_state",
    "SELECT pg_is_in_recovery() AS in_recovery, current_setting('server_version_num')::int AS version_num",
    [],
    standbyRow,
  );
  const row = rows[0];
  if (!row) throw new Error("no answer from the server");
  return row;
}

const aliveRow = z.object({ alive: z.boolean() });

/**
 * Whether the backend that runs one action is still there, found by its application_name
 * (visible to every role, unlike the query text). A REINDEX whose client went away runs on
 * until it next writes to the socket: until then its action is not over.
 */
export async function actionBackendAlive(db: Queryable, applicationName: string): Promise<boolean> {
  const rows = await queryRows(
    db,
    "action_backend_alive",
    "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE application_name = $1) AS alive",
    [applicationName],
    aliveRow,
  );
  return rows[0]?.alive ?? false;
}
