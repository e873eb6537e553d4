import type pg from "pg";
import type { SessionUser } from "@/lib/auth/roles";
import { findIndexByName, indexesSizeOfTable } from "@/lib/catalog/action-objects";
import { conflictingLockHolders, listLeftoverIndexes } from "@/lib/catalog/action-progress";
import { isConnectionError } from "@/lib/db/pool";
import { NotFoundError, StoreUnavailableError } from "@/lib/errors";
import { refreshAfterChange } from "@/lib/inventory/snapshot";
import { asTargetError } from "@/lib/inventory/target-status";
import { storePool } from "@/lib/store/pool";
import { readingStore } from "@/lib/store/store-errors";
import { getTargetConfig, type TargetConfig } from "@/lib/targets/registry";
import {
  type ActionRow,
  activeActionOnTable,
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
import { rememberLostOutcome, runsInFlight } from "./in-process";
import { describeHolder, startProgressPoller } from "./progress-poller";
import { reconcileAction } from "./reconcile";
import { resolvePlan } from "./resolve";
import { type ActionKind, TABLE_ACTION_KINDS } from "./types";

export interface ActionRequest {
  targetId: string;
  kind: ActionKind;
  oid: number;
  user: SessionUser;
}

function objectWord(kind: ActionKind): string {
  return TABLE_ACTION_KINDS.includes(kind) ? "table" : "index";
}

/**
 * Checks the action against the target and records it as queued (with its undo SQL, for a
 * drop) before anything runs. Refusals and "already running" are thrown as typed errors.
 */
export async function requestAction(request: ActionRequest): Promise<{ id: number }> {
  const target = getTargetConfig(request.targetId);
  const store = storePool();
  const { usingMonitoringRole } = actionUrlOf(target);
  const outcome = await onTarget(target, () =>
    resolvePlan(actionSidePool(target), request.kind, request.oid, usingMonitoringRole),
  );
  if (!outcome || (!outcome.ok && outcome.reason === "not found")) {
    throw new NotFoundError(
      `no ${objectWord(request.kind)} with oid ${request.oid} on target "${target.id}"`,
    );
  }
  if (!outcome.ok) {
    // A build on the table may be our own action's: then the answer is 409 with its id.
    const holder =
      outcome.busyTable === undefined
        ? null
        : await readingStore(() => activeActionOnTable(store, target.id, outcome.busyTable as number));
    if (holder !== null)
      throw alreadyRunning(holder, outcome.reason.replace(/ is already being rebuilt.*$/, ""));
    throw new ActionRefusedError(outcome.reason);
  }
  const table = `${outcome.plan.schema}.${outcome.plan.table}`;
  const insert = () =>
    readingStore(() => insertQueuedAction(store, target.id, request.user.username, outcome.plan));
  let inserted = await insert();
  // The holder's runner may be gone (process killed, server restarted): settle it, then retry.
  // Not settled (its backend still works, or the check failed): the holder stands, 409.
  if ("runningId" in inserted && (await reconcileAction(target, inserted.runningId).catch(() => false))) {
    inserted = await insert();
  }
  if ("runningId" in inserted) throw alreadyRunning(inserted.runningId, table);
  return inserted;
}

/** A target that does not answer is 503 target_unreachable, not 500. */
async function onTarget<T>(target: TargetConfig, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    throw asTargetError(target, error);
  }
}

function alreadyRunning(id: number, table: string): ActionAlreadyRunningError {
  return new ActionAlreadyRunningError(`action ${id} is already running on ${table}`, id);
}

const running = runsInFlight;

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
    reusable = (await execute(store, side, client, row, again.plan.statements, pid, notices)) === "succeeded";
  } catch (error) {
    // Whatever went wrong around the statement, the row must not keep holding the table.
    const message = `the action stopped: ${error instanceof Error ? error.message : String(error)}`;
    // The store is away too: the reconciler writes it (and what the catalog shows) on its return.
    await fail(store, row, message, notices).catch(() => rememberLostOutcome(row.id, message));
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
  statements: string[],
  pid: number,
  notices: string[],
): Promise<FinishUpdate["status"]> {
  const poller = startProgressPoller({ id: row.id, pid, side, store, notices: () => [...notices] });
  let outcome: FinishUpdate;
  try {
    // The statements of the plan just checked against the recorded SQL, one by one.
    for (const statement of statements) await client.query(statement);
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
  // The pages read the sampler's snapshot: show what the action changed without waiting a
  // poll. Asked for before the outcome is recorded, so a page that sees the outcome finds
  // the poll under way and waits for it (lib/indexes/index-detail).
  void refreshAfterChange(row.target_id);
  try {
    await finishAction(store, row.id, outcome);
  } catch (error) {
    if (outcome.error) rememberLostOutcome(row.id, outcome.error);
    throw error;
  }
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
  const lost = isConnectionError(error);
  // After a lost connection the target may be away: its leftovers are then read on its return.
  let leftoversPending = false;
  let leftovers: { oid: number; name: string }[] = [];
  if (row.kind === "reindex_index" || row.kind === "reindex_table" || row.kind === "cleanup_table" || lost) {
    try {
      leftovers = (await listLeftoverIndexes(side, row.table_oid)).map((l) => ({ oid: l.oid, name: l.name }));
      if (row.kind === "reindex_index")
        leftovers = leftovers.filter((l) => l.name.startsWith(`${row.index_name}_cc`));
      if (lost) leftoversPending = true; // the reconciler confirms once the backend is gone
    } catch {
      leftoversPending = lost;
    }
  }
  const base = { notices, indexOidAfter: null, sizeAfter: null, leftovers, phase: null, leftoversPending };
  if (lost) {
    return {
      ...base,
      status: "failed",
      error: `the connection to the target was lost mid-action: ${message}`,
      lockHolder: lastHolder,
    };
  }
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
  return { ...base, status: "failed", error: withServerDetail(message, error), lockHolder: lastHolder };
}

/**
 * PostgreSQL's DETAIL and HINT say what the message alone does not ("Key (email)=(a@b) is
 * duplicated." under "could not create unique index"): they stay with the error.
 */
function withServerDetail(message: string, error: unknown): string {
  const { detail, hint } = error as { detail?: unknown; hint?: unknown };
  const parts = [message];
  if (typeof detail === "string" && detail) parts.push(`DETAIL: ${detail}`);
  if (typeof hint === "string" && hint) parts.push(`HINT: ${hint}`);
  return parts.join("\n");
}
