import type pg from "pg";
import { z } from "zod";
import { queryRows } from "@/lib/db/query";
import type { IndexIdentityKey } from "@/lib/store/index-identity-reads";

export interface DropRecord {
  at: string;
  username: string;
  undoSql: string | null;
}

const dropRow = z.object({ at: z.date(), username: z.string(), undo_sql: z.string().nullable() });

/**
 * The last successful drop of this index by indexwatch (audit log): who dropped it, when,
 * and the undo SQL recorded before it ran. Null when it went away outside indexwatch.
 */
export async function findDropRecord(
  store: pg.Pool,
  targetId: string,
  key: IndexIdentityKey,
): Promise<DropRecord | null> {
  const rows = await queryRows(
    store,
    "actions_drop_of_index",
    `SELECT coalesce(finished_at, requested_at) AS at, username, undo_sql
       FROM actions_audit
      WHERE target_id = $1 AND kind = 'drop_index' AND status = 'succeeded'
        AND schema_name = $2 AND table_name = $3 AND index_name = $4
      ORDER BY finished_at DESC NULLS LAST
      LIMIT 1`,
    [targetId, key.schema, key.table, key.name],
    dropRow,
  );
  const row = rows[0];
  return row ? { at: row.at.toISOString(), username: row.username, undoSql: row.undo_sql } : null;
}
