import { z } from "zod";
import { pgCount, pgInt } from "@/lib/db/columns";
import { type Queryable, queryRows } from "@/lib/db/query";

const pollDeltaRow = z.object({
  identity_id: pgInt,
  polled_at: z.date(),
  scans: pgCount,
  tuples_read: pgCount,
  tuples_fetched: pgCount,
});

/** One index's deltas in one poll, as the compact per-poll rows hold them. */
export interface PollDelta {
  identityId: number;
  polledAt: Date;
  scans: number;
  tuplesRead: number;
  tuplesFetched: number;
}

/**
 * The per-poll deltas of a target's indexes that moved (all of them, or those of the given
 * index name), oldest first: one row per index and poll, unpacked from the poll's arrays
 * (lib/store/migrations/0013). Each poll row is decompressed whole, so a wide window at 50,000
 * indexes is a heavy read: for tests, benches and the occasional audit, not for pages.
 */
export async function readPollDeltas(
  store: Queryable,
  targetId: string,
  indexName: string | null = null,
): Promise<PollDelta[]> {
  const rows = await queryRows(
    store,
    "store_poll_deltas",
    `SELECT d.identity_id, p.polled_at, d.scans, d.tuples_read, d.tuples_fetched
       FROM poll_deltas p
       CROSS JOIN LATERAL unnest(p.identity_ids, p.scans, p.tuples_read, p.tuples_fetched)
             AS d(identity_id, scans, tuples_read, tuples_fetched)
      WHERE p.target_id = $1
        AND ($2::text IS NULL
             OR d.identity_id IN (SELECT id FROM index_identity WHERE target_id = $1 AND index_name = $2))
      ORDER BY p.polled_at, d.identity_id`,
    [targetId, indexName],
    pollDeltaRow,
  );
  return rows.map((row) => ({
    identityId: row.identity_id,
    polledAt: row.polled_at,
    scans: row.scans,
    tuplesRead: row.tuples_read,
    tuplesFetched: row.tuples_fetched,
  }));
}
