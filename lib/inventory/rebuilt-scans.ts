import type pg from "pg";
import { readRebuiltScans } from "@/lib/store/rebuilt-scans-reads";
import type { IndexInventory } from "./index-inventory";
import { lastSeenKey } from "./last-seen";

/**
 * After a rebuild whose counters started over at zero (and, on PostgreSQL 16+, its
 * last_idx_scan at null) the pages would read "0 scans / never". REINDEX CONCURRENTLY carries
 * the counters over (PostgreSQL 14 to 18): they still cover the window and say more than the
 * history, which began later. Gives each index whose counters started over at a rebuild
 * within the statistics window the history's scans across the rebuild, and, where
 * the server knows no last scan, the poll interval the history last saw one in. Read from the
 * store when the snapshot is built (once per poll), never per viewer. A store that cannot be
 * read leaves the counters as they are.
 */
export async function fillRebuiltScans(inventory: IndexInventory, store: pg.Pool): Promise<void> {
  let rows: Awaited<ReturnType<typeof readRebuiltScans>>;
  try {
    rows = await readRebuiltScans(store, inventory.target, inventory.statsSince);
  } catch (error) {
    console.error(`[indexwatch] scans of rebuilt indexes of ${inventory.target} not read: ${String(error)}`);
    return;
  }
  if (rows.length === 0) return;
  const byKey = new Map(
    rows.map((r) => [lastSeenKey({ schema: r.schema_name, table: r.table_name, name: r.index_name }), r]),
  );
  for (const index of inventory.indexes) {
    const row = byKey.get(lastSeenKey(index));
    if (!row) continue;
    index.historyScans = {
      scans: row.scans,
      since: row.since.toISOString(),
      rebuiltAt: row.rebuilt_at.toISOString(),
    };
    if (index.lastScanAt === null && index.lastSeenScanned === null && row.seen_to) {
      index.lastSeenScanned = { from: row.seen_from?.toISOString() ?? null, to: row.seen_to.toISOString() };
    }
  }
}
