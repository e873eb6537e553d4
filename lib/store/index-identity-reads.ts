import type pg from "pg";
import { z } from "zod";
import { pgCount, pgInt, pgOid } from "@/lib/db/columns";
import { queryRows } from "@/lib/db/query";

/** What an index is across rebuilds: its name within its table, within its schema. */
export interface IndexIdentityKey {
  schema: string;
  table: string;
  name: string;
}

export interface StoredIndexIdentity extends IndexIdentityKey {
  id: number;
  /** The OID the sampler last saw (the last one, once dropped). */
  currentOid: number;
  /** The OIDs it had before, oldest first. */
  formerOids: number[];
  /** pg_get_indexdef as last seen: the undo of a drop. */
  definition: string | null;
  firstSeenAt: string;
  droppedAt: string | null;
}

const identityRow = z.object({
  id: pgInt,
  schema_name: z.string(),
  table_name: z.string(),
  index_name: z.string(),
  current_oid: pgOid,
  former_oids: z.array(pgOid),
  definition: z.string().nullable(),
  first_seen: z.date(),
  dropped_at: z.date().nullable(),
});

const IDENTITY_COLUMNS = `i.id, i.schema_name, i.table_name, i.index_name, i.current_oid, i.definition,
  i.first_seen, i.dropped_at,
  coalesce((SELECT array_agg(f.oid ORDER BY f.replaced_at, f.oid) FROM index_former_oids f
             WHERE f.identity_id = i.id AND f.oid <> i.current_oid), '{}') AS former_oids`;

function toIdentity(row: z.infer<typeof identityRow>): StoredIndexIdentity {
  return {
    id: row.id,
    schema: row.schema_name,
    table: row.table_name,
    name: row.index_name,
    currentOid: row.current_oid,
    formerOids: row.former_oids,
    definition: row.definition,
    firstSeenAt: row.first_seen.toISOString(),
    droppedAt: row.dropped_at?.toISOString() ?? null,
  };
}

/**
 * The identity an OID belongs or belonged to: its current OID, or one it had before a
 * rebuild. An OID the server reused for another index later is answered with the live one.
 */
export async function findIdentityByOid(
  pool: pg.Pool,
  targetId: string,
  oid: number,
): Promise<StoredIndexIdentity | null> {
  const rows = await queryRows(
    pool,
    "store_identity_by_oid",
    `SELECT ${IDENTITY_COLUMNS}
       FROM index_identity i
      WHERE i.target_id = $1
        AND (i.current_oid = $2 OR i.id IN (SELECT f.identity_id FROM index_former_oids f WHERE f.oid = $2))
      ORDER BY i.dropped_at DESC NULLS FIRST, (i.current_oid = $2) DESC
      LIMIT 1`,
    [targetId, oid],
    identityRow,
  );
  return rows[0] ? toIdentity(rows[0]) : null;
}

/** The identity of one of these keys (several readings of one URL key; the first that exists). */
export async function findIdentityByKey(
  pool: pg.Pool,
  targetId: string,
  candidates: IndexIdentityKey[],
): Promise<StoredIndexIdentity | null> {
  const rows = await queryRows(
    pool,
    "store_identity_by_key",
    `SELECT ${IDENTITY_COLUMNS}
       FROM index_identity i
      WHERE i.target_id = $1
        AND (i.schema_name, i.table_name, i.index_name)
            IN (SELECT * FROM unnest($2::text[], $3::text[], $4::text[]))
      ORDER BY i.dropped_at DESC NULLS FIRST
      LIMIT 1`,
    [
      targetId,
      candidates.map((k) => k.schema),
      candidates.map((k) => k.table),
      candidates.map((k) => k.name),
    ],
    identityRow,
  );
  return rows[0] ? toIdentity(rows[0]) : null;
}

/** An index's scans as the history saw them, across resets and rebuilds. */
export interface HistoryScans extends IndexIdentityKey {
  /** Where its history starts: first seen by the sampler, or the demo's simulated past. */
  firstSeenAt: string;
  /** Scans observed since the index was first seen (the deltas already span rebuilds). */
  scansSinceFirstSeen: number;
  /**
   * The span the last observed scan happened in, as precisely as the history still knows:
   * between two polls while raw samples are kept, else its hour, else its day. Null when
   * no scan was ever observed.
   */
  lastSeenScanned: { after: string; by: string } | null;
  /** True when some of these scans come from the demo's simulated history. */
  includesSimulated: boolean;
}

const historyScansRow = z.object({
  schema_name: z.string(),
  table_name: z.string(),
  index_name: z.string(),
  first_seen: z.date(),
  scans: pgCount,
  simulated: z.boolean(),
  seen_after: z.date().nullable(),
  seen_by: z.date().nullable(),
});

/**
 * "Scans since first seen" and "last seen scanned" by identity, for the live indexes of a
 * target (all of them, or those of the given keys). After a rebuild the server's counters
 * may start over while these go on; before PostgreSQL 16 they are the only "last scan".
 * Each index is one look-up per table through its primary key, so a whole target is cheap.
 */
export async function getHistoryScans(
  pool: pg.Pool,
  targetId: string,
  keys?: IndexIdentityKey[],
): Promise<HistoryScans[]> {
  const rows = await queryRows(
    pool,
    "store_history_scans",
    `SELECT i.schema_name, i.table_name, i.index_name,
            least(i.first_seen, d.first_day::timestamp AT TIME ZONE 'UTC') AS first_seen,
            coalesce(d.scans, 0)::int8 AS scans, coalesce(d.simulated, false) AS simulated,
            CASE WHEN r.polled_at IS NOT NULL
                 THEN (SELECT max(p.polled_at) FROM polls p WHERE p.target_id = $1 AND p.polled_at < r.polled_at)
                 ELSE coalesce(h.hour, ld.day::timestamp AT TIME ZONE 'UTC') END AS seen_after,
            coalesce(r.polled_at, h.hour + interval '1 hour', (ld.day + 1)::timestamp AT TIME ZONE 'UTC') AS seen_by
       FROM index_identity i
       LEFT JOIN LATERAL (SELECT sum(u.scans) AS scans, bool_or(u.simulated) AS simulated, min(u.day) AS first_day
                            FROM usage_daily u WHERE u.identity_id = i.id) d ON true
       LEFT JOIN LATERAL (SELECT i.last_scanned_at AS polled_at
                           WHERE EXISTS (SELECT FROM polls p
                                          WHERE p.target_id = i.target_id AND p.polled_at = i.last_scanned_at)) r ON true
       LEFT JOIN LATERAL (SELECT u.hour FROM usage_hourly u
                           WHERE u.identity_id = i.id AND u.scans > 0
                           ORDER BY u.hour DESC LIMIT 1) h ON true
       LEFT JOIN LATERAL (SELECT u.day FROM usage_daily u
                           WHERE u.identity_id = i.id AND u.scans > 0
                           ORDER BY u.day DESC LIMIT 1) ld ON true
      WHERE i.target_id = $1 AND i.dropped_at IS NULL
        AND ($2::text[] IS NULL
             OR (i.schema_name, i.table_name, i.index_name) IN (SELECT * FROM unnest($2::text[], $3::text[], $4::text[])))`,
    [
      targetId,
      keys ? keys.map((k) => k.schema) : null,
      keys ? keys.map((k) => k.table) : null,
      keys ? keys.map((k) => k.name) : null,
    ],
    historyScansRow,
  );
  return rows.map((row) => ({
    schema: row.schema_name,
    table: row.table_name,
    name: row.index_name,
    firstSeenAt: row.first_seen.toISOString(),
    scansSinceFirstSeen: row.scans,
    lastSeenScanned:
      row.seen_by === null
        ? null
        : { after: (row.seen_after ?? row.first_seen).toISOString(), by: row.seen_by.toISOString() },
    includesSimulated: row.simulated,
  }));
}
