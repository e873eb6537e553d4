import { listLeftoverIndexes } from "@/lib/catalog/action-progress";
import { NotFoundError } from "@/lib/errors";
import { storePool } from "@/lib/store/pool";
import { getTargetConfig } from "@/lib/targets/registry";
import { type ActionFilter, getActionRow, listActionRows, toActionJson } from "./audit-store";
import { actionSidePool } from "./connection";
import type { ActionJson } from "./types";

export async function getAction(id: number): Promise<ActionJson> {
  const row = await getActionRow(storePool(), id);
  if (!row) throw new NotFoundError(`no action ${id}`);
  return toActionJson(row);
}

export async function listActions(filter: ActionFilter): Promise<ActionJson[]> {
  return (await listActionRows(storePool(), filter)).map(toActionJson);
}

export interface LeftoverJson {
  oid: number;
  name: string;
  schema: string;
  tableOid: number;
  /** The table's schema (a TOAST leftover's own schema is pg_toast). */
  tableSchema: string;
  table: string;
  /** An index of the table's TOAST table (schema pg_toast), listed under the table. */
  toast: boolean;
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
    tableSchema: r.table_schema,
    table: r.table,
    toast: r.toast,
    sizeBytes: r.size_bytes,
  }));
}
