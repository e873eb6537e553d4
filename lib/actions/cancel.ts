import { cancelActionBackend } from "@/lib/catalog/action-progress";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { asTargetError } from "@/lib/inventory/target-status";
import { storePool } from "@/lib/store/pool";
import { readingStore } from "@/lib/store/store-errors";
import { getTargetConfig } from "@/lib/targets/registry";
import { getActionRow, requestCancel } from "./audit-store";
import { actionApplicationName, actionSidePool } from "./connection";

/**
 * Cancels an action from any app process: a queued one never starts; a running one's
 * backend gets pg_cancel_backend, found by its application_name, so no other session of
 * that role can be hit. The runner records the outcome.
 */
export async function cancelAction(
  id: number,
  username: string,
): Promise<{ status: "cancelled" | "cancelling" }> {
  const store = storePool();
  const row = await readingStore(() => getActionRow(store, id));
  if (!row) throw new NotFoundError(`no action ${id}`);
  const outcome = await readingStore(() => requestCancel(store, id, username));
  if (outcome === "finished") throw new ConflictError(`action ${id} has already finished (${row.status})`);
  if (outcome === "cancelled") return { status: "cancelled" };
  const target = getTargetConfig(row.target_id);
  await cancelActionBackend(actionSidePool(target), actionApplicationName(id)).catch((error: unknown) => {
    throw asTargetError(target, error);
  });
  return { status: "cancelling" };
}
