import { findActionIndex, findActionTable } from "@/lib/catalog/action-objects";
import { actionServerState, buildsOnTable } from "@/lib/catalog/action-progress";
import type { Queryable } from "@/lib/db/query";
import { type PlanOutcome, planAction } from "./plan";
import type { ActionKind } from "./types";

/**
 * Reads what the plan needs from the target, by OID, and plans. Runs twice per action: when
 * it is requested and again on the action's own connection right before it starts.
 */
export async function resolvePlan(
  db: Queryable,
  kind: ActionKind,
  oid: number,
  usingMonitoringRole: boolean,
  ownPid: number | null = null,
): Promise<PlanOutcome | null> {
  const server = await actionServerState(db);
  const index = kind === "reindex_table" ? null : await findActionIndex(db, server.version_num, oid);
  const table = kind === "reindex_table" ? await findActionTable(db, server.version_num, oid) : null;
  const tableOid = index?.table_oid ?? table?.oid;
  if (tableOid === undefined)
    return server.in_recovery
      ? planAction({ kind, inRecovery: true, index, table, builds: [], usingMonitoringRole })
      : null;
  const builds = (await buildsOnTable(db, tableOid)).filter((b) => b.pid !== ownPid);
  return planAction({ kind, inRecovery: server.in_recovery, index, table, builds, usingMonitoringRole });
}
