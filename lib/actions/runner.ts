import type pg from "pg";
import type { SessionUser } from "@/lib/auth/roles";
import { findIndexByName, indexesSizeOfTable } from "@/lib/catalog/action-objects";
import { conflictingLockHolders, listLeftoverIndexes } from "@/lib/catalog/action-progress";
import { NotFoundError, StoreUnavailableError } from "@/lib/errors";
import { refreshAfterChange } from "@/lib/inventory/snapshot";
import { storePool } from "@/lib/store/pool";
import { getTargetConfig, type TargetConfig } from "@/lib/targets/registry";
import {
  type ActionRow,
  type FinishUpdate,
  finishAction,
  getActionRow,
  insertQueuedAction,
  markRunning,
} from "./audit-store";
import {
  actionSidePool,
  actionUrlOf,
  checkoutActionClient,
  claimActionConnection,
  releaseUnused,
} from "./connection";
import { ActionAlreadyRunningError, ActionRefusedError } from "./errors";
import { describeHolder, startProgressPoller } from "./progress-poller";
import { resolvePlan } from "./resolve";
import type { ActionKind } from "./types";

export interface ActionRequest {
  targetId: string;
  kind: ActionKind;
  oid: number;
  user: SessionUser;
}

function objectWord(kind: ActionKind): string {
  return kind === "reindex_table" ? "table" : "index";
}

/**
 * Checks the action against the target and records it as queued (with its undo SQL, for a
 * drop) before anything runs. Refusals and "already running" are thrown as typed errors.
 */
export async function requestAction(request: ActionRequest): Promise<{ id: number }> {
  const target = getTargetConfig(request.targetId);
  const store = storePool();
  const { usingMonitoringRole } = actionUrlOf(target);
  const outcome = await resolvePlan(actionSidePool(target), request.kind, request.oid, usingMonitoringRole);
  if (!outcome || (!outcome.ok && outcome.reason === "not found")) {
    throw new NotFoundError(
      `no ${objectWord(request.kind)} with oid ${request.oid} on target "${target.id}"`,
    );
  }
  if (!outcome.ok) throw new ActionRefusedError(outcome.reason);
  const inserted = await insertQueuedAction(store, target.id, request.user.username, outcome.plan);
  if ("runningId" in inserted) {
    throw new ActionAlreadyRunningError(
      `action ${inserted.runningId} is already running on ${outcome.plan.schema}.${outcome.plan.table}`,
      inserted.runningId,
    );
  }
  return inserted;
}

const state = globalThis as unknown as { __indexwatchRunning?: Map<number, Promise<void>> };
state.__indexwatchRunning ??= new Map();
const running = state.__indexwatchRunning;

/** Request, then run in the background: the action goes on when the browser goes away. */
export async function startAction(request: ActionRequest): Promise<{ id: number }> {
  // Connecting for the run overlaps the request's checks and its audit insert.
  const checkout = checkoutActionClient(getTargetConfig(request.targetId));
  // A failure to connect is the run's to report (runAction); until then it is not unhandled.
  checkout.catch(() => undefined);
  let id: number;
  try {
    ({ id } = await requestAction(request));
  } catch (error) {
    releaseUnused(checkout);
    throw error;
  }
  const run = runAction(id, checkout)
    .catch((error) => console.error(`[indexwatch] action ${id}: ${String(error)}`))
    .finally(() => running.delete(id));
  running.set(id, run);
  return { id };
}

/** Resolves when a background action of this process finished (tests, benchmarks, shutdown). */
export async function settled(id: number): Promise<void> {
  await running.get(id);
}

/** Sends "could not get the lock on <table>; held by pid N running <query>". */
function lockMessage(row: ActionRow, holder: string | null): string {
  return `could not get the lock on ${row.schema_name}.${row.table_name}; held by ${holder ?? "another session"}`;
}

async function fail(store: pg.Pool, row: ActionRow, error: string, notices: string[] = []): Promise<void> {
  await finishAction(store, row.id, {
    status: "failed",
    error,
    notices,
    indexOidAfter: null,
    sizeAfter: null,
    lockHolder: null,
    leftovers: [],
    phase: null,
  });
}

/**
 * The action's row and target when it is still queued; null when it has already started or
 * finished, or when its target is gone (recorded as a failure).
 */
async function queuedRun(
  store: pg.Pool,
  id: number,
): Promise<{ row: ActionRow; target: TargetConfig } | null> {
  const row = await getActionRow(store, id);
  if (!row) throw new NotFoundError(`no action ${id}`);
  if (row.status !== "queued") return null;
  try {
    return { row, target: getTargetConfig(row.target_id) };
  } catch (error) {
    await fail(store, row, error instanceof Error ? error.message : String(error));
    return null;
  }
}

/**
 * Runs a queued action on its own connection: resolves the OID again (gone or changed →
 * refused, nothing run), then runs the recorded SQL while a poller reports progress. The
 * check reads the catalog over the warm side pool while the action's connection is made
 * ready, so neither waits for the other.
 */
export async function runAction(id: number, checkout?: Promise<pg.PoolClient>): Promise<void> {
  const store = storePool();
  // A connection checked out for this run goes back if the run stops before using it.
  const queued = await queuedRun(store, id).catch((error) => {
    releaseUnused(checkout);
    throw error;
  });
  if (!queued) {
    releaseUnused(checkout);
    return;
  }
  const { row, target } = queued;
  const side = actionSidePool(target);
  const [resolved, connected] = await Promise.allSettled([
    resolvePlan(side, row.kind, row.object_oid, actionUrlOf(target).usingMonitoringRole),
    (checkout ?? checkoutActionClient(target)).then((client) => claimActionConnection(client, id)),
  ]);
  if (connected.status === "rejected") {
    const error = connected.reason;
    return fail(
      store,
      row,
      `could not connect for the action: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const connection = connected.value;
  const { client, pid } = connection;
  const notices: string[] = [];
  const onNotice = (notice: { severity?: string; message?: string }) =>
    notices.push(`${notice.severity ?? "NOTICE"}: ${notice.message}`);
  client.on("notice", onNotice);
  let reusable = true;
  try {
    if (resolved.status === "rejected") throw resolved.reason;
    const again = resolved.value;
    const what = `${objectWord(row.kind)} ${row.object_oid} (${row.schema_name}.${row.index_name ?? row.table_name})`;
    if (!again || (!again.ok && again.reason === "not found")) {
      return await fail(store, row, `refused: ${what} no longer exists; nothing was run`);
    }
    if (!again.ok) return await fail(store, row, `refused: ${again.reason}; nothing was run`);
    if (again.plan.fingerprint !== row.fingerprint || again.plan.sql !== row.sql) {
      return await fail(store, row, `refused: ${what} changed since it was requested; nothing was run`);
    }
    if (!(await markRunning(store, id, pid, again.plan.sizeBefore))) return;
    // From here the statement ran: the connection is kept only if it succeeded.
    reusable = false;
    reusable = (await execute(store, side, client, row, pid, notices)) === "succeeded";
  } catch (error) {
    // Whatever went wrong around the statement, the row must not keep holding the table.
    const message = error instanceof Error ? error.message : String(error);
    await fail(store, row, `the action stopped: ${message}`, notices).catch(() => undefined);
  } finally {
    client.off("notice", onNotice);
    await connection.release(reusable);
  }
}

async function execute(
  store: pg.Pool,
  side: pg.Pool,
  client: pg.ClientBase,
  row: ActionRow,
  pid: number,
  notices: string[],
): Promise<FinishUpdate["status"]> {
  const poller = startProgressPoller({ id: row.id, pid, side, store, notices: () => [...notices] });
  let outcome: FinishUpdate;
  try {
    await client.query(row.sql);
    await poller.stop();
    outcome = {
      status: "succeeded",
      error: null,
      notices,
      lockHolder: null,
      leftovers: [],
      phase: null,
      ...(await afterSuccess(client, row)),
    };
  } catch (error) {
    await poller.stop();
    outcome = await afterFailure(store, side, row, pid, error, poller.lastHolder(), notices);
  }
  await finishAction(store, row.id, outcome);
  // The pages read the sampler's snapshot: show what the action changed without waiting a poll.
  void refreshAfterChange(row.target_id);
  return outcome.status;
}

async function afterSuccess(
  db: pg.ClientBase,
  row: ActionRow,
): Promise<{ indexOidAfter: number | null; sizeAfter: number | null }> {
  // The statement succeeded: a failed measurement afterwards must not say otherwise.
  return measureAfter(db, row).catch(() => ({ indexOidAfter: null, sizeAfter: null }));
}

async function measureAfter(
  db: pg.ClientBase,
  row: ActionRow,
): Promise<{ indexOidAfter: number | null; sizeAfter: number | null }> {
  switch (row.kind) {
    case "reindex_index": {
      const rebuilt = row.index_name ? await findIndexByName(db, row.table_oid, row.index_name) : null;
      return { indexOidAfter: rebuilt?.oid ?? null, sizeAfter: rebuilt?.size_bytes ?? null };
    }
    case "reindex_table":
      return { indexOidAfter: null, sizeAfter: await indexesSizeOfTable(db, row.table_oid) };
    default:
      return { indexOidAfter: null, sizeAfter: 0 };
  }
}

async function afterFailure(
  store: pg.Pool,
  side: pg.Pool,
  row: ActionRow,
  pid: number,
  error: unknown,
  lastHolder: string | null,
  notices: string[],
): Promise<FinishUpdate> {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const leftovers =
    row.kind === "reindex_index" || row.kind === "reindex_table"
      ? (await listLeftoverIndexes(side, row.table_oid).catch(() => [])).map((l) => ({
          oid: l.oid,
          name: l.name,
        }))
      : [];
  const base = { notices, indexOidAfter: null, sizeAfter: null, leftovers, phase: null };
  if (code === "55P03") {
    let holder = lastHolder;
    if (!holder) {
      const holders = await conflictingLockHolders(side, row.table_oid, pid).catch(() => []);
      holder = holders[0] ? describeHolder(holders[0]) : null;
    }
    return { ...base, status: "failed", error: lockMessage(row, holder), lockHolder: holder };
  }
  if (code === "57014") {
    // statement_timeout is 0 on this connection: a cancel is the only way here.
    const current = await getActionRow(store, row.id).catch(() => null);
    const by = current?.cancel_requested_by;
    return {
      ...base,
      status: "cancelled",
      error: `cancelled${by ? ` by ${by}` : ""}: ${message}`,
      lockHolder: null,
    };
  }
  if (error instanceof StoreUnavailableError) throw error;
  return { ...base, status: "failed", error: message, lockHolder: lastHolder };
}
