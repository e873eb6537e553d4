import { randomBytes } from "node:crypto";
import type pg from "pg";
import { z } from "zod";
import { repairNormalisedText } from "./normalised-text";
import { checkPlannableStatement } from "./statement-kind";

/** How long one plan may take on the target, and how long it may wait for a lock. */
export const PLAN_STATEMENT_TIMEOUT_MS = 2_000;
export const PLAN_LOCK_TIMEOUT_MS = 100;

export type GenericPlanFailure = "refused" | "timeout" | "lock_timeout" | "permission" | "error";

export type GenericPlanResult =
  | { ok: true; plan: unknown; method: "generic_plan" | "prepared_generic"; elapsedMs: number }
  | { ok: false; reason: GenericPlanFailure; message: string; elapsedMs: number };

const explainRow = z.object({ "QUERY PLAN": z.unknown() });
const versionRow = z.object({ version_num: z.string().regex(/^\d+$/).transform(Number) });

export interface GenericPlanOptions {
  /** server_version_num of the target; read from the connection when absent. */
  versionNum?: number;
  statementTimeoutMs?: number;
  lockTimeoutMs?: number;
  /**
   * Runs inside the read-only transaction before the EXPLAIN, on its connection: what-if
   * planning (hypopg_create_index, hypopg_hide_index, SET LOCAL enable_…) goes here. Whatever
   * it leaves on the session is the caller's to undo in `afterPlan` (hypopg_reset()); a throw
   * becomes a failed result like any other.
   */
  beforePlan?: (client: pg.PoolClient) => Promise<void>;
  /** Runs after the ROLLBACK on the same connection, also when planning failed. */
  afterPlan?: (client: pg.PoolClient) => Promise<void>;
}

/**
 * The generic plan of one statement (with `$1..$n` as pg_stat_statements leaves them), as the
 * JSON EXPLAIN prints. Nothing is executed: EXPLAIN without ANALYZE, inside BEGIN READ ONLY with
 * a statement_timeout and a short lock_timeout, rolled back after. PostgreSQL 16+ plans the text
 * as it is with EXPLAIN (GENERIC_PLAN); 14 and 15 PREPARE it (letting the server infer the
 * parameter types) and EXPLAIN EXECUTE it with NULLs under plan_cache_mode =
 * force_generic_plan, so the values never shape the plan; the prepared statement is
 * deallocated after (PREPARE outlives ROLLBACK). VERBOSE, because only then does the JSON name
 * each relation's schema. Every failure comes back as a typed result, never thrown.
 */
export async function planGeneric(
  pool: Pick<pg.Pool, "connect">,
  statementText: string,
  options: GenericPlanOptions = {},
): Promise<GenericPlanResult> {
  const started = performance.now();
  const elapsed = () => Math.round((performance.now() - started) * 100) / 100;
  // Texts pg_stat_statements left unparsable (`interval $2`) are put back into SQL first.
  const check = checkPlannableStatement(repairNormalisedText(statementText));
  if (!check.ok) return { ok: false, reason: "refused", message: check.reason, elapsedMs: 0 };
  const statementTimeout = Math.max(1, Math.trunc(options.statementTimeoutMs ?? PLAN_STATEMENT_TIMEOUT_MS));
  const lockTimeout = Math.max(1, Math.trunc(options.lockTimeoutMs ?? PLAN_LOCK_TIMEOUT_MS));

  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    return { ok: false, ...classify(error), elapsedMs: elapsed() };
  }
  let prepared: string | undefined;
  let broken = false;
  try {
    await client.query("BEGIN READ ONLY");
    await client.query(`SET LOCAL statement_timeout = ${statementTimeout}`);
    await client.query(`SET LOCAL lock_timeout = ${lockTimeout}`);
    const versionNum =
      options.versionNum ??
      versionRow.parse(
        (await client.query("SELECT current_setting('server_version_num') AS version_num")).rows[0],
      ).version_num;
    await options.beforePlan?.(client);
    let rows: unknown[];
    let method: "generic_plan" | "prepared_generic";
    if (versionNum >= 160000) {
      method = "generic_plan";
      rows = (
        await client.query(
          `/* indexwatch:generic_plan */ EXPLAIN (GENERIC_PLAN, VERBOSE, FORMAT JSON) ${check.text}`,
        )
      ).rows;
    } else {
      method = "prepared_generic";
      const name = `indexwatch_plan_${randomBytes(6).toString("hex")}`;
      await client.query("SET LOCAL plan_cache_mode = force_generic_plan");
      await client.query(`/* indexwatch:generic_plan_prepare */ PREPARE ${name} AS ${check.text}`);
      prepared = name;
      const nulls = Array.from({ length: check.parameterCount }, () => "NULL").join(", ");
      const args = check.parameterCount > 0 ? `(${nulls})` : "";
      rows = (
        await client.query(
          `/* indexwatch:generic_plan */ EXPLAIN (VERBOSE, FORMAT JSON) EXECUTE ${name}${args}`,
        )
      ).rows;
    }
    const row = explainRow.safeParse(rows[0]);
    if (!row.success || rows.length !== 1) {
      return {
        ok: false,
        reason: "error",
        message: "EXPLAIN returned an unexpected shape",
        elapsedMs: elapsed(),
      };
    }
    return { ok: true, plan: row.data["QUERY PLAN"], method, elapsedMs: elapsed() };
  } catch (error) {
    return { ok: false, ...classify(error), elapsedMs: elapsed() };
  } finally {
    await client.query("ROLLBACK").catch(() => {
      broken = true;
    });
    if (options.afterPlan) {
      await options.afterPlan(client).catch(() => {
        broken = true;
      });
    }
    if (prepared !== undefined) {
      await client.query(`DEALLOCATE ${prepared}`).catch(() => {
        broken = true;
      });
    }
    // A connection we could not bring back to a clean state is closed, not returned to the pool.
    client.release(broken);
  }
}

function classify(error: unknown): { reason: GenericPlanFailure; message: string } {
  const code = typeof error === "object" && error !== null && "code" in error ? String(error.code) : "";
  const message = error instanceof Error ? error.message : String(error);
  if (code === "57014") return { reason: "timeout", message };
  if (code === "55P03") return { reason: "lock_timeout", message };
  if (code === "42501") return { reason: "permission", message };
  return { reason: "error", message };
}
