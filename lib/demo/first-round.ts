import type pg from "pg";
import { z } from "zod";
import { pgCount } from "../db/columns";
import { queryOne } from "../db/query";
import { shuffledRound } from "./workload-patterns";

const scannedKeysRow = z.object({ scanned: pgCount });

/** How many of the demo's primary keys the statistics show scanned since the last reset. */
export function countScannedPrimaryKeys(db: pg.Pool): Promise<{ scanned: number }> {
  return queryOne(
    db,
    "demo_scanned_primary_keys",
    `SELECT count(*) AS scanned
       FROM pg_stat_user_indexes s JOIN pg_index x ON x.indexrelid = s.indexrelid
      WHERE x.indisprimary AND s.idx_scan > 0`,
    [],
    scannedKeysRow,
  );
}

const POLL_MS = 250;

/**
 * On the demo's first start its counters were just reset (load.ts) and the app, once up,
 * seeds a simulated past for every index the counters show scanned. Waits until the workload
 * has played one whole round and its scans reached the statistics, so the primary keys its
 * inserts and updates go through get that past too (else their first real scans read as
 * "newly used"). Gives up after `timeoutMs`: a slow start only makes the past thinner.
 */
export async function waitForFirstWorkloadRound(
  db: pg.Pool,
  patternsRun: () => number,
  timeoutMs = 60_000,
): Promise<boolean> {
  const roundLength = shuffledRound().length;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (patternsRun() >= roundLength) {
      const { scanned } = await countScannedPrimaryKeys(db).catch(() => ({ scanned: 0 }));
      if (scanned > 0) return true;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return false;
}
