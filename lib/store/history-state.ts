import type pg from "pg";
import { z } from "zod";
import { pgCount, pgInt, pgOid } from "@/lib/db/columns";
import { queryRows } from "@/lib/db/query";
import { nameKey } from "@/lib/sampler/poll-batch";
import type { IndexMemory, SamplerMemory } from "@/lib/sampler/sample-once";

const targetRow = z.object({
  system_identifier: z.string().nullable(),
  postmaster_started_at: z.date().nullable(),
  stats_reset: z.date().nullable(),
  db_activity: pgInt.nullable(),
  last_size_at: z.date().nullable(),
});

const identityRow = z.object({
  schema_name: z.string(),
  table_name: z.string(),
  index_name: z.string(),
  current_oid: pgOid,
  last_scans: pgCount,
  last_tuples_read: pgCount,
  last_tuples_fetched: pgCount,
  last_size_bytes: pgCount.nullable(),
});

/**
 * What the last sampler of this target wrote: its stats window and the cumulative counters
 * per index. A process that takes over a target (the other one died) starts from here, so the
 * first delta it computes covers the whole gap instead of losing it.
 */
export async function loadSamplerMemory(pool: pg.Pool, targetId: string): Promise<SamplerMemory> {
  const targets = await queryRows(
    pool,
    "store_sampler_window",
    `SELECT system_identifier, postmaster_started_at, stats_reset, db_activity, last_size_at
       FROM targets WHERE id = $1 AND last_poll_at IS NOT NULL`,
    [targetId],
    targetRow,
  );
  const memory: SamplerMemory = { indexes: new Map() };
  const target = targets[0];
  if (!target?.postmaster_started_at) return memory;
  memory.window = {
    systemIdentifier: target.system_identifier,
    postmasterStartedAt: target.postmaster_started_at,
    statsReset: target.stats_reset,
    databaseActivity: target.db_activity ?? 0,
  };
  if (target.last_size_at) memory.lastSizedAt = target.last_size_at.getTime();
  const identities = await queryRows(
    pool,
    "store_sampler_indexes",
    `SELECT schema_name, table_name, index_name, current_oid, last_scans, last_tuples_read, last_tuples_fetched,
            last_size_bytes
       FROM index_identity WHERE target_id = $1 AND dropped_at IS NULL`,
    [targetId],
    identityRow,
  );
  for (const row of identities) {
    const state: IndexMemory = {
      schema: row.schema_name,
      table: row.table_name,
      name: row.index_name,
      oid: row.current_oid,
      counters: {
        scans: row.last_scans,
        tuplesRead: row.last_tuples_read,
        tuplesFetched: row.last_tuples_fetched,
      },
      sizeBytes: row.last_size_bytes,
    };
    memory.indexes.set(
      nameKey({ schema: row.schema_name, table: row.table_name, name: row.index_name }),
      state,
    );
  }
  return memory;
}
