import { findActionIndex, findActionTable } from "@/lib/catalog/action-objects";
import { actionServerState, buildsOnTable, listLeftoverIndexes } from "@/lib/catalog/action-progress";
import type { Queryable } from "@/lib/db/query";
import { type PlanOutcome, planAction } from "./plan";
import { type ActionKind, TABLE_ACTION_KINDS } from "./types";

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
  const onTable = TABLE_ACTION_KINDS.includes(kind);
  const index = onTable ? null : await findActionIndex(db, server.version_num, oid);
  const table = onTable ? await findActionTable(db, server.version_num, oid) : null;
  const tableOid = index?.table_oid ?? table?.oid;
  if (tableOid === undefined)
    return server.in_recovery
      ? planAction({ kind, inRecovery: true, index, table, leftovers: [], builds: [], usingMonitoringRole })
      : null;
  const builds = (await buildsOnTable(db, tableOid)).filter((b) => b.pid !== ownPid);
  const leftovers = onTable ? await listLeftoverIndexes(db, tableOid) : [];
  return planAction({
    kind,
    inRecovery: server.in_recovery,
    index,
    table,
    leftovers,
    builds,
    usingMonitoringRole,
  });
}
