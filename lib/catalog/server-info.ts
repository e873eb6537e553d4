import { z } from "zod";
import { type Queryable, queryOne } from "@/lib/db/query";

const serverInfoRow = z.object({
  version_num: z.string().regex(/^\d+$/).transform(Number),
  version: z.string(),
  in_recovery: z.boolean(),
  database: z.string(),
  stats_reset: z.date().nullable(),
  postmaster_started_at: z.date(),
  now: z.date(),
});

export type ServerInfoRow = z.infer<typeof serverInfoRow>;

/**
 * Version, role (primary or standby) and the start of the statistics window.
 * `stats_reset` is NULL on a database whose counters were never reset: common, and not
 * "no data"; the caller falls back to the postmaster start time.
 */
export function getServerInfo(db: Queryable): Promise<ServerInfoRow> {
  return queryOne(
    db,
    "server_info",
    `SELECT current_setting('server_version_num') AS version_num,
            current_setting('server_version') AS version,
            pg_is_in_recovery() AS in_recovery,
            current_database() AS database,
            (SELECT d.stats_reset FROM pg_stat_database d WHERE d.datname = current_database()) AS stats_reset,
            pg_postmaster_start_time() AS postmaster_started_at,
            now() AS now`,
    [],
    serverInfoRow,
  );
}

/** PostgreSQL 16 added pg_stat_user_indexes.last_idx_scan. */
export function hasLastIdxScan(versionNum: number): boolean {
  return versionNum >= 160000;
}

/** PostgreSQL 17 added the MAINTAIN privilege (REINDEX without owning the table). */
export function hasMaintainPrivilege(versionNum: number): boolean {
  return versionNum >= 170000;
}
