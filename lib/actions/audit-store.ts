import type pg from "pg";
import { z } from "zod";
import { pgCount, pgInt, pgOid } from "@/lib/db/columns";
import { type Queryable, queryOne, queryRows } from "@/lib/db/query";
import type { ActionPlan } from "./plan";
import { ACTION_KINDS, ACTION_STATUSES, type ActionJson, type ActionKind, type ActionStatus } from "./types";

/** Reads and writes of the actions audit log (store migration 0003). */

const count = pgCount.nullable();
const actionRow = z.object({
  id: pgInt,
  target_id: z.string(),
  kind: z.enum(ACTION_KINDS),
  status: z.enum(ACTION_STATUSES),
  username: z.string(),
  requested_at: z.date(),
  started_at: z.date().nullable(),
  finished_at: z.date().nullable(),
  duration_ms: pgInt.nullable(),
  object_oid: pgOid,
  table_oid: pgOid,
  schema_name: z.string(),
  table_name: z.string(),
  index_name: z.string().nullable(),
  fingerprint: z.string(),
  index_oid_before: pgOid.nullable(),
  index_oid_after: pgOid.nullable(),
  size_before: count,
  size_after: count,
  sql: z.string(),
  undo_sql: z.string().nullable(),
  phase: z.string().nullable(),
  blocks_done: count,
  blocks_total: count,
  tuples_done: count,
  tuples_total: count,
  waiting_for_lock: z.boolean(),
  lock_holder: z.string().nullable(),
  backend_pid: pgInt.nullable(),
  cancel_requested_by: z.string().nullable(),
  error: z.string().nullable(),
  notices: z.array(z.string()),
  leftovers: z.array(z.object({ oid: pgOid, name: z.string() })),
  skipped: z.array(z.object({ name: z.string(), reason: z.string() })),
  index_oids_before: z.array(pgOid).nullable(),
  leftovers_pending: z.boolean(),
});
export type ActionRow = z.infer<typeof actionRow>;

const COLUMNS = `id, target_id, kind, status, username, requested_at, started_at, finished_at,
  (extract(epoch FROM finished_at - started_at) * 1000)::int8 AS duration_ms,
  object_oid, table_oid, schema_name, table_name, index_name, fingerprint, index_oid_before, index_oid_after,
  size_before, size_after, sql, undo_sql, phase, blocks_done, blocks_total, tuples_done, tuples_total,
  waiting_for_lock, lock_holder, backend_pid, cancel_requested_by, error, notices, leftovers,
  skipped, index_oids_before, leftovers_pending`;

export function toActionJson(row: ActionRow): ActionJson {
  return {
    id: row.id,
    targetId: row.target_id,
    kind: row.kind,
    status: row.status,
    username: row.username,
    requestedAt: row.requested_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
    durationMs: row.duration_ms,
    oid: row.object_oid,
    tableOid: row.table_oid,
    schema: row.schema_name,
    table: row.table_name,
    index: row.index_name,
    indexOidBefore: row.index_oid_before,
    indexOidAfter: row.index_oid_after,
    sizeBefore: row.size_before,
    sizeAfter: row.size_after,
    sql: row.sql,
    undoSql: row.undo_sql,
    phase: row.phase,
    blocksDone: row.blocks_done,
    blocksTotal: row.blocks_total,
    tuplesDone: row.tuples_done,
    tuplesTotal: row.tuples_total,
    waitingForLock: row.waiting_for_lock,
    lockHolder: row.lock_holder,
    cancelRequestedBy: row.cancel_requested_by,
    error: row.error,
    notices: row.notices,
    leftovers: row.leftovers,
    skipped: row.skipped,
    leftoversPending: row.leftovers_pending,
  };
}

const idRow = z.object({ id: pgInt });

/**
 * Inserts the queued row, or answers the id of the action that already holds the table (the
 * partial unique index decides between concurrent requests, in any app process). A holder
 * whose process died is the reconciler's to close (reconcile.ts), not this insert's.
 */
export async function insertQueuedAction(
  store: pg.Pool,
  targetId: string,
  username: string,
  plan: ActionPlan,
): Promise<{ id: number } | { runningId: number }> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const row = await queryOne(
        store,
        "actions_insert",
        `INSERT INTO actions_audit (target_id, kind, username, object_oid, table_oid, schema_name, table_name,
                                    index_name, fingerprint, index_oid_before, size_before, sql, undo_sql,
                                    skipped, index_oids_before)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::jsonb, $15::int8[])
         RETURNING id`,
        [
          targetId,
          plan.kind,
          username,
          plan.objectOid,
          plan.tableOid,
          plan.schema,
          plan.table,
          plan.index,
          plan.fingerprint,
          plan.index === null ? null : plan.objectOid,
          plan.sizeBefore,
          plan.sql,
          plan.undoSql,
          JSON.stringify(plan.skipped ?? []),
          plan.indexOidsBefore ?? null,
        ],
        idRow,
      );
      return { id: row.id };
    } catch (error) {
      if ((error as { code?: string }).code !== "23505") throw error;
    }
    // The holder may have finished between the insert and this read: then try again.
    const holder = await activeActionOnTable(store, targetId, plan.tableOid);
    if (holder !== null) return { runningId: holder };
  }
  throw new Error("could not record the action");
}

/** The queued or running action on this table, if any (at most one: the partial unique index). */
export async function activeActionOnTable(
  store: Queryable,
  targetId: string,
  tableOid: number,
): Promise<number | null> {
  const rows = await queryRows(
    store,
    "actions_holder",
    `SELECT id FROM actions_audit
      WHERE target_id = $1 AND table_oid = $2 AND status IN ('queued', 'running')`,
    [targetId, tableOid],
    idRow,
  );
  return rows[0]?.id ?? null;
}

/**
 * Actions of a target whose end is not known yet: queued or running (their process may be
 * gone), or failed with the leftover check still to do. `queued_stale`: queued for longer
 * than any live runner takes to start.
 */
export async function listUnsettledActions(
  store: Queryable,
  targetId: string,
): Promise<(ActionRow & { queued_stale: boolean })[]> {
  return queryRows(
    store,
    "actions_unsettled",
    `SELECT ${COLUMNS}, requested_at < now() - interval '60 seconds' AS queued_stale
       FROM actions_audit
      WHERE target_id = $1 AND (status IN ('queued', 'running') OR leftovers_pending)
      ORDER BY id`,
    [targetId],
    actionRow.extend({ queued_stale: z.boolean() }),
  );
}

export interface SettleUpdate {
  status: Extract<ActionStatus, "succeeded" | "failed">;
  error: string | null;
  notices: string[];
  indexOidAfter: number | null;
  sizeAfter: number | null;
  leftovers: { oid: number; name: string }[];
}

/**
 * Closes an action from what the catalog shows, only if it is still unsettled: a runner that
 * recorded its own outcome in the meantime wins. True when this call closed it.
 */
export async function settleAction(store: Queryable, id: number, s: SettleUpdate): Promise<boolean> {
  const result = await store.query(
    `UPDATE actions_audit SET status = $2, error = $3, index_oid_after = coalesce($4, index_oid_after),
            size_after = coalesce($5, size_after), leftovers = $6::jsonb, leftovers_pending = false, notices = $7,
            finished_at = coalesce(finished_at, now()), started_at = coalesce(started_at, now()),
            waiting_for_lock = false
      WHERE id = $1 AND (status IN ('queued', 'running') OR leftovers_pending)`,
    [id, s.status, s.error, s.indexOidAfter, s.sizeAfter, JSON.stringify(s.leftovers), s.notices],
  );
  return result.rowCount === 1;
}

export async function getActionRow(store: Queryable, id: number): Promise<ActionRow | null> {
  const rows = await queryRows(
    store,
    "actions_get",
    `SELECT ${COLUMNS} FROM actions_audit WHERE id = $1`,
    [id],
    actionRow,
  );
  return rows[0] ?? null;
}

/** queued → running; false when the action was cancelled before it started. */
export async function markRunning(
  store: Queryable,
  id: number,
  pid: number,
  sizeBefore: number | null,
): Promise<boolean> {
  const result = await store.query(
    `UPDATE actions_audit SET status = 'running', started_at = now(), heartbeat_at = now(), backend_pid = $2,
            size_before = coalesce($3, size_before)
      WHERE id = $1 AND status = 'queued'`,
    [id, pid, sizeBefore],
  );
  return result.rowCount === 1;
}

export interface ProgressUpdate {
  phase: string | null;
  blocksDone: number | null;
  blocksTotal: number | null;
  tuplesDone: number | null;
  tuplesTotal: number | null;
  waitingForLock: boolean;
  lockHolder: string | null;
  notices: string[];
}

/** Writes progress and the heartbeat; answers who asked to cancel, if anyone did. */
export async function writeProgress(store: Queryable, id: number, p: ProgressUpdate): Promise<string | null> {
  const rows = await queryRows(
    store,
    "actions_progress",
    `UPDATE actions_audit SET phase = $2, blocks_done = $3, blocks_total = $4, tuples_done = $5, tuples_total = $6,
            waiting_for_lock = $7, lock_holder = coalesce($8, lock_holder), notices = $9, heartbeat_at = now()
      WHERE id = $1 AND status = 'running'
      RETURNING cancel_requested_by`,
    [
      id,
      p.phase,
      p.blocksDone,
      p.blocksTotal,
      p.tuplesDone,
      p.tuplesTotal,
      p.waitingForLock,
      p.lockHolder,
      p.notices,
    ],
    z.object({ cancel_requested_by: z.string().nullable() }),
  );
  return rows[0]?.cancel_requested_by ?? null;
}

export interface FinishUpdate {
  status: Extract<ActionStatus, "succeeded" | "failed" | "cancelled">;
  error: string | null;
  notices: string[];
  indexOidAfter: number | null;
  sizeAfter: number | null;
  lockHolder: string | null;
  leftovers: { oid: number; name: string }[];
  phase: string | null;
  /** The target was away when it ended: the reconciler looks for leftovers later. */
  leftoversPending?: boolean;
}

export async function finishAction(store: Queryable, id: number, f: FinishUpdate): Promise<void> {
  await store.query(
    `UPDATE actions_audit SET status = $2, finished_at = now(), started_at = coalesce(started_at, now()),
            error = $3, notices = $4, index_oid_after = $5, size_after = $6,
            lock_holder = coalesce($7, lock_holder), leftovers = $8::jsonb, waiting_for_lock = false,
            phase = coalesce($9, phase), heartbeat_at = now(), leftovers_pending = $10
      WHERE id = $1`,
    [
      id,
      f.status,
      f.error,
      f.notices,
      f.indexOidAfter,
      f.sizeAfter,
      f.lockHolder,
      JSON.stringify(f.leftovers),
      f.phase,
      f.leftoversPending ?? false,
    ],
  );
}

/** Cancels a queued action outright; for a running one, records the request (the runner acts on it). */
export async function requestCancel(
  store: Queryable,
  id: number,
  username: string,
): Promise<"cancelled" | "requested" | "finished"> {
  const queued = await store.query(
    `UPDATE actions_audit SET status = 'cancelled', cancel_requested_by = $2, finished_at = now(),
            error = 'cancelled before it started'
      WHERE id = $1 AND status = 'queued'`,
    [id, username],
  );
  if (queued.rowCount === 1) return "cancelled";
  const running = await store.query(
    "UPDATE actions_audit SET cancel_requested_by = $2 WHERE id = $1 AND status = 'running'",
    [id, username],
  );
  return running.rowCount === 1 ? "requested" : "finished";
}

export interface ActionFilter {
  targetId?: string;
  kind?: ActionKind;
  status?: ActionStatus;
  /** Matches the requested OID, the index's OID before or after, or the table's. */
  oid?: number;
  username?: string;
  limit: number;
}

/** The audit log, newest first. */
export async function listActionRows(store: Queryable, filter: ActionFilter): Promise<ActionRow[]> {
  return queryRows(
    store,
    "actions_list",
    `SELECT ${COLUMNS} FROM actions_audit
      WHERE ($1::text IS NULL OR target_id = $1)
        AND ($2::text IS NULL OR kind = $2)
        AND ($3::text IS NULL OR status = $3)
        AND ($4::int8 IS NULL OR $4 IN (object_oid, index_oid_before, index_oid_after, table_oid))
        AND ($5::text IS NULL OR username = $5)
      ORDER BY requested_at DESC, id DESC
      LIMIT $6`,
    [
      filter.targetId ?? null,
      filter.kind ?? null,
      filter.status ?? null,
      filter.oid ?? null,
      filter.username ?? null,
      filter.limit,
    ],
    actionRow,
  );
}
