import { z } from "zod";
import { pgInt, pgOid } from "@/lib/db/columns";
import { type Queryable, queryRows } from "@/lib/db/query";

const indexBuildRow = z.object({
  pid: pgInt,
  table_oid: pgOid,
  index_oid: pgInt.pipe(z.number().int().nonnegative()),
  command: z.string(),
  phase: z.string(),
});

export type IndexBuildRow = z.infer<typeof indexBuildRow>;

/**
 * Index builds running now in this database (pg_stat_progress_create_index): an index they
 * build is invalid until they finish, and is not broken. Other roles' rows need pg_monitor
 * (or pg_read_all_stats) to be visible.
 */
export function listIndexBuilds(db: Queryable): Promise<IndexBuildRow[]> {
  return queryRows(
    db,
    "findings_index_builds",
    `SELECT p.pid,
            p.relid::int8 AS table_oid,
            p.index_relid::int8 AS index_oid,
            p.command,
            p.phase
       FROM pg_stat_progress_create_index p
      WHERE p.datid = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    [],
    indexBuildRow,
  );
}
