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

export interface PreviousIndexState {
  oid: number;
  counters: Counters;
}

export interface IndexDelta {
  delta: Counters;
  /** Set when the index itself shows a discontinuity. */
  event?: { kind: "reset" | "rebuild"; detail: string };
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

/**
 * The usage of one index between two polls.
 *
 * - A name seen for the first time: its counters are usage since it was created, unless this
 *   is the target's first poll (then they are a baseline of unknown age).
 * - A new OID for the same name is a rebuild. REINDEX CONCURRENTLY copies the old index's
 *   counters to the new one on the versions we support, so counters not below the previous
 *   ones continue; counters below them belong to a fresh index (drop + create).
 * - Counters below the previous ones are a reset of that index: what is there now is usage
 *   since the reset (what happened between the last poll and the reset is lost).
 */
export function indexDelta(
  previous: PreviousIndexState | undefined,
  current: { oid: number; counters: Counters },
  window: WindowChange,
): IndexDelta {
  if (window.kind === "first" || window.kind === "restore") return { delta: ZERO };
  if (!previous) return { delta: current.counters };
  if (window.kind === "reset") return { delta: current.counters };
  if (previous.oid !== current.oid) {
    const continued = !anyBelow(current.counters, previous.counters);
    return {
      delta: continued ? minus(current.counters, previous.counters) : current.counters,
      event: {
        kind: "rebuild",
        detail: `new oid ${current.oid} (was ${previous.oid})${continued ? "" : `; ${COUNTERS_STARTED_OVER}`}`,
      },
    };
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
