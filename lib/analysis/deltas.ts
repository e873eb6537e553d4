/**
 * Turning cumulative counters into usage deltas, honestly. PostgreSQL's counters start over
 * on a reset, a crash or a restore, and a rebuilt index (REINDEX CONCURRENTLY) has a new OID;
 * none of that is negative usage. Pure functions: the sampler feeds them what it read.
 *
 * What the servers really do (measured on PG18 and PG14, see the sampler integration tests):
 * - pg_stat_reset() and pg_stat_reset_single_table_counters() both move the database's
 *   stats_reset; only the former zeroes the database's own counters. We watch their sum
 *   (commits, rollbacks, blocks, tuples): xact_commit alone climbed back past its old value
 *   between two polls of a young database on PG14, and a zeroing went unseen. The sum did
 *   too (PG14, a database seconds old: reads after the reset outgrew everything before it),
 *   so each counter is also compared on its own: none of them ever falls without a zeroing,
 *   and the slow ones (rows written, rollbacks, sessions) stay below their old values long
 *   after the busy ones have climbed past theirs.
 * - a FAST shutdown keeps the counters (new postmaster start time, same stats_reset);
 * - an IMMEDIATE shutdown loses them: stats_reset changes (NULL on PG15+, the restart time on
 *   PG14) and the database's counters start from zero.
 */

export interface Counters {
  scans: number;
  tuplesRead: number;
  tuplesFetched: number;
}

export const ZERO: Counters = { scans: 0, tuplesRead: 0, tuplesFetched: 0 };

/** What identifies one statistics window of a server. */
export interface WindowFacts {
  systemIdentifier: string | null;
  postmasterStartedAt: Date;
  statsReset: Date | null;
  /** Sum of pg_stat_database's cumulative counters: falls only when they were zeroed. */
  databaseActivity: number;
  /**
   * The same counters one by one, in a fixed order (readStatsWindow). Not kept in the store:
   * after a takeover the first comparison falls back to the sum.
   */
  databaseCounters?: readonly number[];
}

/** Did any of the database's cumulative counters fall (only a zeroing makes one fall)? */
function databaseZeroed(previous: WindowFacts, current: WindowFacts): boolean {
  if (current.databaseActivity < previous.databaseActivity) return true;
  const before = previous.databaseCounters;
  const after = current.databaseCounters;
  if (!before || !after || before.length !== after.length) return false;
  return after.some((value, i) => value < (before[i] as number));
}

export type WindowChange =
  /** First poll of this target: counters are a baseline, not usage. */
  | { kind: "first" }
  | { kind: "same" }
  /** Another cluster answers (restore, failover to a non-replica): a new baseline. */
  | { kind: "restore"; detail: string }
  /** Every counter of the database started from zero since the last poll. */
  | { kind: "reset"; detail: string; restarted: boolean }
  /** Some counters may have been reset (single table/index): judge each index on its own. */
  | { kind: "partial_reset"; detail: string }
  /** The server restarted and kept its counters. */
  | { kind: "restart"; detail: string };

function sameTime(a: Date | null, b: Date | null): boolean {
  return (a?.getTime() ?? null) === (b?.getTime() ?? null);
}

export function classifyWindow(previous: WindowFacts | undefined, current: WindowFacts): WindowChange {
  if (!previous) return { kind: "first" };
  if (
    previous.systemIdentifier !== null &&
    current.systemIdentifier !== null &&
    previous.systemIdentifier !== current.systemIdentifier
  ) {
    return {
      kind: "restore",
      detail: `system identifier changed from ${previous.systemIdentifier} to ${current.systemIdentifier}`,
    };
  }
  const restarted = !sameTime(previous.postmasterStartedAt, current.postmasterStartedAt);
  const statsResetMoved = !sameTime(previous.statsReset, current.statsReset);
  const zeroed = databaseZeroed(previous, current);
  if (restarted && (statsResetMoved || zeroed)) {
    return {
      kind: "reset",
      detail: "server restarted and lost its statistics (crash or immediate shutdown)",
      restarted,
    };
  }
  if (statsResetMoved && zeroed) {
    return { kind: "reset", detail: "statistics of the database were reset (pg_stat_reset)", restarted };
  }
  if (statsResetMoved) {
    return { kind: "partial_reset", detail: "some statistics were reset (single table or index)" };
  }
  if (restarted) return { kind: "restart", detail: "server restarted; statistics kept" };
  return { kind: "same" };
}

/**
 * A new OID for the same identity whose counters read below the old OID's last ones, not yet
 * judged. On PostgreSQL 14 REINDEX CONCURRENTLY hands the old counters to the collector as a
 * message of its own, sent when that session next reports (at the earliest 500 ms later): a
 * poll in between sees the new index at zero (or with only its own first scans). Calling that
 * "started over" counted the copied scans again when they arrived, so it waits.
 */
export interface PendingRebuild {
  fromOid: number;
  /** The old OID's last counters: what the copy will carry. */
  counters: Counters;
  /** The poll (sampler epoch) that first saw the new OID. */
  sinceEpoch: number;
}

/**
 * How many polls a pending rebuild waits for the copied counters before the new index is
 * judged fresh (drop + create). The copy comes with the REINDEX session's next report, so a
 * session left idle right after it can hold it longer; then its scans count twice (see README).
 */
export const REBUILD_COPY_WAIT_POLLS = 5;

export interface PreviousIndexState {
  oid: number;
  counters: Counters;
  pendingRebuild?: PendingRebuild;
}

export interface IndexDelta {
  delta: Counters;
  /** Set when the index itself shows a discontinuity. */
  event?: { kind: "reset" | "rebuild"; detail: string };
  /** Set while a rebuild waits for its copied counters (delta is zero then). */
  pendingRebuild?: PendingRebuild;
}

function minus(a: Counters, b: Counters): Counters {
  return {
    scans: a.scans - b.scans,
    tuplesRead: a.tuplesRead - b.tuplesRead,
    tuplesFetched: a.tuplesFetched - b.tuplesFetched,
  };
}

function anyBelow(current: Counters, previous: Counters): boolean {
  return (
    current.scans < previous.scans ||
    current.tuplesRead < previous.tuplesRead ||
    current.tuplesFetched < previous.tuplesFetched
  );
}

export function isZero(c: Counters): boolean {
  return c.scans === 0 && c.tuplesRead === 0 && c.tuplesFetched === 0;
}

/** How a rebuild event says the new index's counters began at zero (readers look for it). */
export const COUNTERS_STARTED_OVER = "counters started over";

function rebuildEvent(oid: number, fromOid: number, startedOver: boolean): IndexDelta["event"] {
  return {
    kind: "rebuild",
    detail: `new oid ${oid} (was ${fromOid})${startedOver ? `; ${COUNTERS_STARTED_OVER}` : ""}`,
  };
}

/**
 * A rebuild whose new counters read below the old ones: the copy may still be on its way
 * (pending, nothing counted yet), or the copy is there (continued from the old counters), or
 * it never came within the wait (a fresh index: all its counters are usage). `current.epoch`
 * is the poll's; none of this poll's deltas were counted before.
 */
function judgeRebuild(
  pending: PendingRebuild,
  current: { oid: number; counters: Counters; epoch: number },
): IndexDelta {
  if (!anyBelow(current.counters, pending.counters)) {
    return {
      delta: minus(current.counters, pending.counters),
      event: rebuildEvent(current.oid, pending.fromOid, false),
    };
  }
  if (current.epoch - pending.sinceEpoch < REBUILD_COPY_WAIT_POLLS)
    return { delta: ZERO, pendingRebuild: pending };
  return { delta: current.counters, event: rebuildEvent(current.oid, pending.fromOid, true) };
}

/**
 * The usage of one index between two polls.
 *
 * - A name seen for the first time: its counters are usage since it was created, unless this
 *   is the target's first poll (then they are a baseline of unknown age).
 * - A new OID for the same name is a rebuild. REINDEX CONCURRENTLY copies the old index's
 *   counters to the new one on the versions we support, so counters not below the previous
 *   ones continue. Counters below them may be a copy still on its way (PostgreSQL 14): the
 *   rebuild waits, counting nothing, until they reach the old ones or REBUILD_COPY_WAIT_POLLS
 *   polls pass; then they belong to a fresh index (drop + create) and all count.
 * - Counters below the previous ones are a reset of that index: what is there now is usage
 *   since the reset (what happened between the last poll and the reset is lost).
 */
export function indexDelta(
  previous: PreviousIndexState | undefined,
  current: { oid: number; counters: Counters; epoch?: number },
  window: WindowChange,
): IndexDelta {
  if (window.kind === "first" || window.kind === "restore") return { delta: ZERO };
  if (!previous) return { delta: current.counters };
  if (window.kind === "reset") return { delta: current.counters };
  const epoch = current.epoch ?? 0;
  // Counters of the new OID are judged against the old OID's until the copy shows.
  if (previous.pendingRebuild && previous.oid === current.oid) {
    return judgeRebuild(previous.pendingRebuild, { ...current, epoch });
  }
  if (previous.oid !== current.oid) {
    if (!anyBelow(current.counters, previous.counters)) {
      return {
        delta: minus(current.counters, previous.counters),
        event: rebuildEvent(current.oid, previous.oid, false),
      };
    }
    const pending = { fromOid: previous.oid, counters: previous.counters, sinceEpoch: epoch };
    return judgeRebuild(pending, { ...current, epoch });
  }
  if (anyBelow(current.counters, previous.counters)) {
    return {
      delta: current.counters,
      event: {
        kind: "reset",
        detail: `counters of this index were reset (scans ${previous.counters.scans} → ${current.counters.scans})`,
      },
    };
  }
  return { delta: minus(current.counters, previous.counters) };
}
