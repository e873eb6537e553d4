import type pg from "pg";
import { cancelActionBackend, describeBackends, readBuildProgress } from "@/lib/catalog/action-progress";
import { type ProgressUpdate, writeProgress } from "./audit-store";
import { actionApplicationName } from "./connection";
import { describeHolder } from "./disclosure";

export const PROGRESS_INTERVAL_MS = 500;

export { describeHolder } from "./disclosure";

export interface Poller {
  stop(): Promise<void>;
  /** The last session seen blocking the action. */
  lastHolder(): string | null;
  lastPhase(): string | null;
}

/**
 * Every half second: the build's phase and counts from pg_stat_progress_create_index, whether
 * it waits for a lock and on whom, written to the store with a heartbeat. A cancel asked
 * for through any app process is carried out here.
 */
export function startProgressPoller(options: {
  id: number;
  pid: number;
  side: pg.Pool;
  store: pg.Pool;
  notices: () => string[];
}): Poller {
  let holder: string | null = null;
  let phase: string | null = null;
  let cancelSent = false;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;

  const tick = async () => {
    const progress = await readBuildProgress(options.side, options.pid);
    if (!progress || stopped) return;
    let lockHolder: string | null = null;
    if (progress.waiting_for_lock && progress.blockers && progress.blockers.length > 0) {
      const holders = await describeBackends(options.side, progress.blockers);
      const first = holders[0];
      if (first) lockHolder = describeHolder(first);
      holder = lockHolder ?? holder;
    }
    phase = progress.phase ?? phase;
    const update: ProgressUpdate = {
      phase: progress.phase,
      blocksDone: progress.blocks_done,
      blocksTotal: progress.blocks_total,
      tuplesDone: progress.tuples_done,
      tuplesTotal: progress.tuples_total,
      waitingForLock: progress.waiting_for_lock,
      lockHolder,
      notices: options.notices(),
    };
    if (stopped) return;
    const cancelBy = await writeProgress(options.store, options.id, update);
    if (cancelBy && !cancelSent) {
      cancelSent = true;
      await cancelActionBackend(options.side, actionApplicationName(options.id));
    }
  };

  let busy = false;
  const timer = setInterval(() => {
    // One tick at a time: a slow catalog read skips a beat instead of piling up.
    if (busy) return;
    busy = true;
    running = tick()
      .catch(() => undefined)
      .finally(() => {
        busy = false;
      });
  }, PROGRESS_INTERVAL_MS);

  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
    lastHolder: () => holder,
    lastPhase: () => phase,
  };
}
