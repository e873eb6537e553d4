import type pg from "pg";
import { z } from "zod";
import { type StatementState, type StatementWindow, statementKey } from "@/lib/analysis/statement-deltas";
import { queryRows } from "@/lib/db/query";

export interface StatementMemory {
  /** pg_stat_statements_info at the last poll; undefined before the first (a baseline then). */
  window?: StatementWindow;
  /** Cumulative counters of every entry stored, by statementKey. */
  entries: Map<string, StatementState>;
  /** Target clock of the last read of every entry, ms. */
  lastFullAt?: number;
}

const statusRow = z.object({
  info_stats_reset: z.date().nullable(),
  info_dealloc: z.number().nullable(),
  last_full_at: z.date().nullable(),
});

const entryRow = z.object({
  queryid: z.string(),
  dbid: z.number().int(),
  userid: z.number().int(),
  last_calls: z.number(),
  last_total_ms: z.number(),
  last_rows: z.number(),
});

/**
 * What the last statement sampler of this target stored: the info window and each entry's
 * cumulative counters. A process that takes the target over continues from here.
 */
export async function loadStatementMemory(pool: pg.Pool, targetId: string): Promise<StatementMemory> {
  const [status] = await queryRows(
    pool,
    "store_statement_memory_status",
    `SELECT info_stats_reset, info_dealloc::float8 AS info_dealloc, last_full_at
       FROM statement_status WHERE target_id = $1 AND available AND last_full_at IS NOT NULL`,
    [targetId],
    statusRow,
  );
  if (!status) return { entries: new Map() };
  const rows = await queryRows(
    pool,
    "store_statement_memory_entries",
    `SELECT queryid::text AS queryid, dbid::float8 AS dbid, userid::float8 AS userid,
            last_calls::float8 AS last_calls, last_total_ms, last_rows::float8 AS last_rows
       FROM statement_identity WHERE target_id = $1`,
    [targetId],
    entryRow,
  );
  const entries = new Map<string, StatementState>();
  for (const r of rows) {
    entries.set(statementKey(r), {
      counters: { calls: r.last_calls, totalMs: r.last_total_ms, rows: r.last_rows },
      statsSince: null,
    });
  }
  return {
    window: { statsReset: status.info_stats_reset, dealloc: status.info_dealloc },
    entries,
    ...(status.last_full_at ? { lastFullAt: status.last_full_at.getTime() } : {}),
  };
}
