import type { SessionUser } from "@/lib/auth/roles";
import { listLeftoverIndexes } from "@/lib/catalog/action-progress";
import { NotFoundError } from "@/lib/errors";
import { asTargetError } from "@/lib/inventory/target-status";
import { storePool } from "@/lib/store/pool";
import { readingStore } from "@/lib/store/store-errors";
import { getTargetConfig } from "@/lib/targets/registry";
import { type ActionFilter, getActionRow, listActionRows, toActionJson } from "./audit-store";
import { actionSidePool } from "./connection";
import { actionFor } from "./disclosure";
import type { ActionJson } from "./types";

/** One action, whole: for the runner, tests and operators (routes use actionForReader). */
export async function getAction(id: number): Promise<ActionJson> {
  const row = await readingStore(() => getActionRow(storePool(), id));
  if (!row) throw new NotFoundError(`no action ${id}`);
  return toActionJson(row);
}

export async function listActions(filter: ActionFilter): Promise<ActionJson[]> {
  return (await readingStore(() => listActionRows(storePool(), filter))).map(toActionJson);
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
  /** The table's schema (a TOAST leftover's own schema is pg_toast). */
  tableSchema: string;
  table: string;
  /** An index of the table's TOAST table (schema pg_toast), listed under the table. */
  toast: boolean;
  sizeBytes: number | null;
}

/** Invalid `_ccnew`/`_ccold` indexes on the target (or one table), offered for clean-up. */
export async function listLeftovers(targetId: string, tableOid: number | null): Promise<LeftoverJson[]> {
  const target = getTargetConfig(targetId);
  const rows = await listLeftoverIndexes(actionSidePool(target), tableOid).catch((error: unknown) => {
    throw asTargetError(target, error);
  });
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
