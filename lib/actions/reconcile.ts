import type pg from "pg";
import { findActionIndex, findActionTable, findIndexByName } from "@/lib/catalog/action-objects";
import { actionBackendAlive, actionServerState, listLeftoverIndexes } from "@/lib/catalog/action-progress";
import { storePool } from "@/lib/store/pool";
import type { TargetConfig } from "@/lib/targets/registry";
import { type ActionRow, listUnsettledActions, type SettleUpdate, settleAction } from "./audit-store";
import { actionApplicationName, actionSidePool } from "./connection";
import { forgetLostOutcome, isRunningHere, lostOutcome } from "./in-process";

/**
 * Actions whose runner is gone are settled from what the catalog shows, so that the audit
 * log ends in the truth whatever killed the run (the app process, the server, the network):
 *
 * - queued for over a minute: its process died before running anything → failed, nothing run;
 * - running, and no backend carries its application_name any more, or failed while the
 *   target was away: a REINDEX that left `_ccnew`/`_ccold` indexes failed, and they are named;
 *   one whose index is back, valid, under a new OID and with the same definition succeeded
 *   ("confirmed after restart"); a DROP whose index is gone succeeded.
 *
 * Runs at every sampler tick (so at start, on takeover, and at least once per interval) and
 * when a request finds its table held.
 */
const GONE = "its session ended before it reported (app process or server went away)";
const CONFIRMED = "indexwatch: confirmed after restart from the catalog";

function names(leftovers: { name: string }[]): string {
  return leftovers.map((l) => l.name).join(", ");
}

function failed(row: ActionRow, why: string, leftovers: { oid: number; name: string }[] = []): SettleUpdate {
  const known = row.error ?? lostOutcome(row.id);
  const left = leftovers.length ? `; left behind: ${names(leftovers)} (clean them up)` : "";
  return {
    status: "failed",
    error: `${known ?? `${GONE}: ${why}`}${left}`,
    notices: row.notices,
    indexOidAfter: null,
    sizeAfter: null,
    leftovers,
  };
}

function succeeded(
  row: ActionRow,
  what: string,
  after: { oid: number | null; size: number | null },
): SettleUpdate {
  return {
    status: "succeeded",
    error: null,
    notices: [...row.notices, `${CONFIRMED}: ${what}`],
    indexOidAfter: after.oid,
    sizeAfter: after.size,
    leftovers: [],
  };
}

/** What the catalog says of a run that is over: its outcome. */
async function outcomeFromCatalog(side: pg.Pool, row: ActionRow): Promise<SettleUpdate> {
  const server = await actionServerState(side);
  const leftoversOnTable = await listLeftoverIndexes(side, row.table_oid);
  switch (row.kind) {
    case "reindex_index": {
      const name = row.index_name ?? "";
      const leftovers = leftoversOnTable
        .filter((l) => l.name.startsWith(`${name}_cc`))
        .map((l) => ({ oid: l.oid, name: l.name }));
      if (leftovers.length) return failed(row, "the rebuild was interrupted", leftovers);
      const now = await findIndexByName(side, row.table_oid, name);
      const index = now ? await findActionIndex(side, server.version_num, now.oid) : null;
      if (!index) return failed(row, `${row.schema_name}.${name} is no longer there`);
      if (index.oid === row.index_oid_before)
        return failed(row, "nothing was rebuilt; the index is unchanged");
      if (!index.valid || index.fingerprint !== row.fingerprint) {
        return failed(row, `${row.schema_name}.${name} is not the index that was asked for any more`);
      }
      return succeeded(row, `${row.schema_name}.${name} is valid under a new OID, same definition`, {
        oid: index.oid,
        size: index.size_bytes,
      });
    }
    case "reindex_table": {
      const before = new Set(row.index_oids_before ?? []);
      const leftovers = leftoversOnTable
        .filter((l) => !before.has(l.oid))
        .map((l) => ({ oid: l.oid, name: l.name }));
      if (leftovers.length) return failed(row, "the rebuild was interrupted", leftovers);
      const table = await findActionTable(side, server.version_num, row.table_oid);
      if (!table) return failed(row, `${row.schema_name}.${row.table_name} is no longer there`);
      const rebuilt = [...before].filter((oid) => !table.index_oids.includes(oid)).length;
      if (rebuilt === 0) return failed(row, "nothing was rebuilt; the indexes are unchanged");
      return succeeded(row, `${rebuilt} index(es) of ${row.schema_name}.${row.table_name} under new OIDs`, {
        oid: null,
        size: table.indexes_size_bytes,
      });
    }
    default: {
      const index = await findActionIndex(side, server.version_num, row.object_oid);
      const what = `${row.schema_name}.${row.index_name ?? row.object_oid}`;
      if (!index) return succeeded(row, `${what} is gone`, { oid: null, size: 0 });
      // DROP INDEX CONCURRENTLY interrupted after its first step leaves the index invalid.
      if (!index.valid && row.kind === "drop_index") {
        return failed(row, "the drop was interrupted", [{ oid: index.oid, name: index.name }]);
      }
      return failed(row, `${what} is still there`);
    }
  }
}

/** Settles one unsettled action if its runner is gone; true when it was closed here. */
async function reconcileRow(target: TargetConfig, row: ActionRow, queuedStale: boolean): Promise<boolean> {
  const store = storePool();
  if (isRunningHere(row.id)) return false;
  if (row.status === "queued") {
    if (!queuedStale) return false;
    return settleAction(store, row.id, {
      ...failed(row, "the app process that was to run it went away before it started; nothing was run"),
      error: "the app process that was to run it went away before it started; nothing was run",
    });
  }
  const side = actionSidePool(target);
  if (await actionBackendAlive(side, actionApplicationName(row.id))) return false;
  const outcome = await outcomeFromCatalog(side, row);
  const closed = await settleAction(store, row.id, outcome);
  if (closed) forgetLostOutcome(row.id);
  return closed;
}

/** Settles every action of the target whose runner is gone (see the top of this file). */
export async function reconcileActions(target: TargetConfig): Promise<number> {
  const rows = await listUnsettledActions(storePool(), target.id);
  let closed = 0;
  for (const row of rows) {
    if (await reconcileRow(target, row, row.queued_stale)) closed += 1;
  }
  return closed;
}

/** Settles one action if its runner is gone (a request found it holding its table). */
export async function reconcileAction(target: TargetConfig, id: number): Promise<boolean> {
  const rows = await listUnsettledActions(storePool(), target.id);
  const row = rows.find((r) => r.id === id);
  return row ? reconcileRow(target, row, row.queued_stale) : false;
}
