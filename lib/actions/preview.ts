import { NotFoundError } from "@/lib/errors";
import { getTargetConfig } from "@/lib/targets/registry";
import { actionSidePool, actionUrlOf } from "./connection";
import { resolvePlan } from "./resolve";
import { type ActionKind, TABLE_ACTION_KINDS } from "./types";

/** What an action would run, for the confirmation a person reads before it starts. */
export type ActionPreview =
  | {
      ok: true;
      kind: ActionKind;
      schema: string;
      table: string;
      index: string | null;
      statements: string[];
      undoSql: string | null;
    }
  | { ok: false; kind: ActionKind; reason: string };

/**
 * Plans the action exactly as a request would (same catalog reads, same SQL), and records
 * and runs nothing: the SQL shown is the SQL that will run, unless the catalog changes in
 * between, in which case the run is refused.
 */
export async function previewAction(targetId: string, kind: ActionKind, oid: number): Promise<ActionPreview> {
  const target = getTargetConfig(targetId);
  const outcome = await resolvePlan(
    actionSidePool(target),
    kind,
    oid,
    actionUrlOf(target).usingMonitoringRole,
  );
  if (!outcome || (!outcome.ok && outcome.reason === "not found")) {
    const what = TABLE_ACTION_KINDS.includes(kind) ? "table" : "index";
    throw new NotFoundError(`no ${what} with oid ${oid} on target "${target.id}"`);
  }
  if (!outcome.ok) return { ok: false, kind, reason: outcome.reason };
  const { plan } = outcome;
  return {
    ok: true,
    kind,
    schema: plan.schema,
    table: plan.table,
    index: plan.index,
    statements: plan.statements,
    undoSql: plan.undoSql,
  };
}
