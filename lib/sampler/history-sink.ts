import type pg from "pg";
import { isConnectionError } from "@/lib/db/pool";
import { writePollBatch } from "@/lib/store/history-writer";
import { mergeBatches } from "./merge-batches";
import type { PollBatch } from "./poll-batch";

/** Where the sampler's batches go: the store, or memory while the store is down. */
export interface HistorySink {
  readonly pool: pg.Pool;
  /** True when the batch (and everything buffered before it) reached the store. */
  write(batch: PollBatch): Promise<boolean>;
}

/**
 * Writes batches in order; while the store is down keeps them in memory, at most
 * `maxBatches`: past that the two oldest are merged into one (their deltas add up, their
 * times blur, and a store_gap event says so), so memory is bounded and no usage is lost.
 */
export class BufferedHistorySink implements HistorySink {
  private pending: PollBatch[] = [];

  constructor(
    readonly pool: pg.Pool,
    private readonly maxBatches = 500,
  ) {}

  get buffered(): number {
    return this.pending.length;
  }

  /** Forget what is buffered: another process took the target over, its state wins. */
  discard(): void {
    this.pending = [];
  }

  async write(batch: PollBatch): Promise<boolean> {
    this.pending.push(batch);
    while (this.pending.length > this.maxBatches) {
      const [first, second, ...rest] = this.pending;
      if (!first || !second) break;
      this.pending = [mergeBatches(first, second), ...rest];
    }
    return this.flush();
  }

  async flush(): Promise<boolean> {
    while (this.pending.length) {
      const next = this.pending[0] as PollBatch;
      try {
        await writePollBatch(this.pool, next);
      } catch (error) {
        if (isConnectionError(error)) return false;
        // A batch the store refuses for another reason would block every later one.
        console.error(`[indexwatch] sampler: dropped a poll the store refused: ${String(error)}`);
      }
      this.pending.shift();
    }
    return true;
  }
}
