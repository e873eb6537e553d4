import type pg from "pg";
import { z } from "zod";
import { FINDING_KINDS, type FindingKind } from "@/lib/analysis/types";
import { queryRows } from "@/lib/db/query";

export interface FindingIgnore {
  key: string;
  kind: FindingKind;
  reason: string;
  by: string;
  createdAt: string;
}

const ignoreRow = z.object({
  finding_key: z.string(),
  kind: z.enum(FINDING_KINDS),
  reason: z.string(),
  ignored_by: z.string(),
  created_at: z.date(),
});

function toIgnore(row: z.infer<typeof ignoreRow>): FindingIgnore {
  return {
    key: row.finding_key,
    kind: row.kind,
    reason: row.reason,
    by: row.ignored_by,
    createdAt: row.created_at.toISOString(),
  };
}

export async function listIgnores(pool: pg.Pool, targetId: string): Promise<FindingIgnore[]> {
  const rows = await queryRows(
    pool,
    "store_list_finding_ignores",
    `SELECT finding_key, kind, reason, ignored_by, created_at
       FROM finding_ignores WHERE target_id = $1 ORDER BY created_at DESC`,
    [targetId],
    ignoreRow,
  );
  return rows.map(toIgnore);
}

/** Accepts a finding; accepting it again replaces the reason (the database's clock stamps it). */
export async function addIgnore(
  pool: pg.Pool,
  targetId: string,
  ignore: { key: string; kind: FindingKind; reason: string; by: string },
): Promise<FindingIgnore> {
  const rows = await queryRows(
    pool,
    "store_add_finding_ignore",
    `INSERT INTO finding_ignores (target_id, finding_key, kind, reason, ignored_by)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (target_id, finding_key)
     DO UPDATE SET reason = EXCLUDED.reason, ignored_by = EXCLUDED.ignored_by, created_at = now()
     RETURNING finding_key, kind, reason, ignored_by, created_at`,
    [targetId, ignore.key, ignore.kind, ignore.reason, ignore.by],
    ignoreRow,
  );
  const row = rows[0];
  if (!row) throw new Error("insert into finding_ignores returned no row");
  return toIgnore(row);
}

/** True when there was such an ignore. */
export async function removeIgnore(pool: pg.Pool, targetId: string, key: string): Promise<boolean> {
  const rows = await queryRows(
    pool,
    "store_remove_finding_ignore",
    "DELETE FROM finding_ignores WHERE target_id = $1 AND finding_key = $2 RETURNING finding_key",
    [targetId, key],
    z.object({ finding_key: z.string() }),
  );
  return rows.length > 0;
}
