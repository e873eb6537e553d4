import type pg from "pg";
import { z } from "zod";
import { pgCount } from "@/lib/db/columns";
import { queryRows } from "@/lib/db/query";

const nameRow = z.object({ name: z.string(), matched: pgCount });

/**
 * The first `limit` live tables ("schema.table") of a target whose name contains `q`
 * (any case), in name order, and how many match: the weekly page's table picker, which must
 * not receive 10,000 names to filter one keystroke at a time.
 */
export async function searchTableNames(
  pool: pg.Pool,
  targetId: string,
  q: string,
  limit: number,
): Promise<{ tables: string[]; matched: number }> {
  const rows = await queryRows(
    pool,
    "store_table_names",
    // strpos, not LIKE: the user's % and _ are plain characters here.
    `SELECT name, count(*) OVER () AS matched
       FROM (SELECT DISTINCT schema_name || '.' || table_name AS name
               FROM index_identity WHERE target_id = $1 AND dropped_at IS NULL) t
      WHERE strpos(lower(name), lower($2)) > 0
      ORDER BY name COLLATE "C"
      LIMIT $3`,
    [targetId, q, limit],
    nameRow,
  );
  return { tables: rows.map((r) => r.name), matched: rows[0]?.matched ?? 0 };
}
