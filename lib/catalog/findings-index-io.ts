import { z } from "zod";
import { pgCount, pgOid } from "@/lib/db/columns";
import { type Queryable, queryRows } from "@/lib/db/query";

const indexIoRow = z.object({ oid: pgOid, blocks_hit: pgCount, blocks_read: pgCount });

export type IndexIoRow = z.infer<typeof indexIoRow>;

/** Buffer hits and reads of each user index since the last reset (pg_statio_user_indexes). */
export function listIndexIo(db: Queryable): Promise<IndexIoRow[]> {
  return queryRows(
    db,
    "findings_index_io",
    `SELECT indexrelid::int8 AS oid,
            coalesce(idx_blks_hit, 0) AS blocks_hit,
            coalesce(idx_blks_read, 0) AS blocks_read
       FROM pg_statio_user_indexes`,
    [],
    indexIoRow,
  );
}
