import type pg from "pg";
import type { PollBatch } from "@/lib/sampler/poll-batch";
import { readLastPollAt, readLastSeenScanned } from "@/lib/store/last-seen-reads";

/** A poll interval (ISO-8601, database clock) in which an index was scanned. */
export interface LastSeenScanned {
  /** The poll before; null when the scans showed at the first poll indexwatch made. */
  from: string | null;
  to: string;
}

export const lastSeenKey = (n: { schema: string; table: string; name: string }) =>
  `${n.schema}\u0000${n.table}\u0000${n.name}`;

/**
 * When each index was last seen scanned, for servers without last_idx_scan (before
 * PostgreSQL 16): loaded once from the store, then moved forward by each poll the sampler
 * makes (an index whose scans grew was scanned between the previous poll and this one).
 */
export class LastSeenTracker {
  private readonly byKey = new Map<string, LastSeenScanned>();
  private lastPollAt: Date | null = null;
  private loaded = false;

  get seen(): ReadonlyMap<string, LastSeenScanned> {
    return this.byKey;
  }

  /** Reads the history once; a store that cannot be read leaves it for the next poll. */
  async loadOnce(store: pg.Pool, targetId: string): Promise<boolean> {
    if (this.loaded) return false;
    const [rows, lastPollAt] = await Promise.all([
      readLastSeenScanned(store, targetId),
      readLastPollAt(store, targetId),
    ]);
    for (const row of rows) {
      this.byKey.set(lastSeenKey({ schema: row.schema_name, table: row.table_name, name: row.index_name }), {
        from: row.seen_from?.toISOString() ?? null,
        to: row.seen_to.toISOString(),
      });
    }
    this.lastPollAt = lastPollAt;
    this.loaded = true;
    return true;
  }

  /** Moves forward by one poll (one not yet in the store when it was loaded). */
  apply(batch: Pick<PollBatch, "polledAt" | "changes">): void {
    if (this.lastPollAt && batch.polledAt.getTime() <= this.lastPollAt.getTime()) return;
    const from = this.lastPollAt?.toISOString() ?? null;
    const to = batch.polledAt.toISOString();
    for (const change of batch.changes) {
      if (change.delta.scans > 0) this.byKey.set(lastSeenKey(change), { from, to });
    }
    this.lastPollAt = batch.polledAt;
  }
}
