import type { SessionUser } from "@/lib/auth/roles";
import { listLeftoverIndexes } from "@/lib/catalog/action-progress";
import { NotFoundError } from "@/lib/errors";
import { storePool } from "@/lib/store/pool";
import { getTargetConfig } from "@/lib/targets/registry";
import { type ActionFilter, getActionRow, listActionRows, toActionJson } from "./audit-store";
import { actionSidePool } from "./connection";
import { actionFor } from "./disclosure";
import type { ActionJson } from "./types";

/** One action, whole: for the runner, tests and operators (routes use actionForReader). */
export async function getAction(id: number): Promise<ActionJson> {
  const row = await getActionRow(storePool(), id);
  if (!row) throw new NotFoundError(`no action ${id}`);
  return toActionJson(row);
}

export async function listActions(filter: ActionFilter): Promise<ActionJson[]> {
  return (await listActionRows(storePool(), filter)).map(toActionJson);
}

/** One action as this reader may see it (lib/actions/disclosure.ts). */
export async function actionForReader(id: number, reader: SessionUser | null): Promise<ActionJson> {
  return actionFor(reader, await getAction(id));
}

/** The audit log as this reader may see it. */
export async function actionsForReader(
  filter: ActionFilter,
  reader: SessionUser | null,
): Promise<ActionJson[]> {
  return (await listActions(filter)).map((action) => actionFor(reader, action));
}

export interface LeftoverJson {
  oid: number;
  name: string;
  schema: string;
  tableOid: number;
  table: string;
  sizeBytes: number | null;
}

/** Invalid `_ccnew`/`_ccold` indexes on the target (or one table), offered for clean-up. */
export async function listLeftovers(targetId: string, tableOid: number | null): Promise<LeftoverJson[]> {
  const rows = await listLeftoverIndexes(actionSidePool(getTargetConfig(targetId)), tableOid);
  return rows.map((r) => ({
    oid: r.oid,
    name: r.name,
    schema: r.schema,
    tableOid: r.table_oid,
    table: r.table,
    sizeBytes: r.size_bytes,
  }));
}
