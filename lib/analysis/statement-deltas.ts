/**
 * Turning pg_stat_statements' cumulative counters into per-poll deltas, with the same rules as
 * the index counters (lib/analysis/deltas.ts): a counter that goes backwards, or a reset
 * recorded by the server, is a reset, never negative usage. Pure functions: the statement
 * sampler feeds them what it read.
 *
 * What moves an entry's counters backwards:
 * - pg_stat_statements_reset() with no arguments zeroes everything and moves
 *   pg_stat_statements_info.stats_reset (PostgreSQL 14+);
 * - pg_stat_statements_reset(userid, dbid, queryid) drops single entries: they come back
 *   from zero (PostgreSQL 17+ also moves that entry's stats_since);
 * - an entry evicted when pg_stat_statements.max is reached (`dealloc` counts them) comes
 *   back from zero;
 * - a crash loses the file the extension saves at shutdown: every entry starts over.
 */

export interface StatementCounters {
  calls: number;
  totalMs: number;
  rows: number;
}

export const NO_STATEMENT_USAGE: StatementCounters = { calls: 0, totalMs: 0, rows: 0 };

/** pg_stat_statements_info: when everything was last reset, and how many entries were evicted. */
export interface StatementWindow {
  statsReset: Date | null;
  dealloc: number | null;
}

export type StatementWindowChange =
  /** The first read of this target: counters are a baseline of unknown age, not usage. */
  | { kind: "first" }
  /** Another cluster answers (restore): a new baseline. */
  | { kind: "baseline"; detail: string }
  /** pg_stat_statements_reset() zeroed every entry since the last poll. */
  | { kind: "reset"; detail: string }
  | { kind: "same" };

function sameInstant(a: Date | null, b: Date | null): boolean {
  return (a?.getTime() ?? null) === (b?.getTime() ?? null);
}

export function classifyStatementWindow(
  previous: StatementWindow | undefined,
  current: StatementWindow,
  serverRestored = false,
): StatementWindowChange {
  if (!previous) return { kind: "first" };
  if (serverRestored) return { kind: "baseline", detail: "another cluster answers: a new baseline" };
  if (!sameInstant(previous.statsReset, current.statsReset)) {
    return {
      kind: "reset",
      detail: `pg_stat_statements was reset (stats_reset ${current.statsReset?.toISOString() ?? "unknown"})`,
    };
  }
  return { kind: "same" };
}

/** How many entries were evicted since the last poll (null when unknown or none). */
export function deallocatedSince(
  previous: StatementWindow | undefined,
  current: StatementWindow,
): number | null {
  if (previous?.dealloc == null || current.dealloc == null) return null;
  const moved = current.dealloc - previous.dealloc;
  // Falling: the info view was reset with everything else; its new count is all since then.
  if (moved < 0) return current.dealloc > 0 ? current.dealloc : null;
  return moved > 0 ? moved : null;
}

export interface StatementState {
  counters: StatementCounters;
  /** pg_stat_statements.stats_since (PostgreSQL 17+), ms; null before. */
  statsSince: number | null;
}

export interface StatementDelta {
  delta: StatementCounters;
  /** True when this entry started over since the last poll. */
  reset: boolean;
}

function below(current: StatementCounters, previous: StatementCounters): boolean {
  return current.calls < previous.calls || current.totalMs < previous.totalMs || current.rows < previous.rows;
}

/**
 * The usage of one statement between two polls.
 *
 * - First poll or a new baseline: nothing (the counters are of unknown age).
 * - An entry not seen before: its counters are usage since it was created, which was after
 *   the baseline (the baseline reads every entry).
 * - After pg_stat_statements_reset(): what is there now is usage since the reset.
 * - A counter below the remembered one, or a new stats_since: the entry started over;
 *   what is there now is usage since then (what ran between the last poll and the reset is lost).
 */
export function statementDelta(
  previous: StatementState | undefined,
  current: StatementState,
  window: StatementWindowChange,
): StatementDelta {
  if (window.kind === "first" || window.kind === "baseline")
    return { delta: NO_STATEMENT_USAGE, reset: false };
  if (!previous) return { delta: current.counters, reset: false };
  if (window.kind === "reset") return { delta: current.counters, reset: true };
  const restarted =
    previous.statsSince !== null && current.statsSince !== null && previous.statsSince !== current.statsSince;
  if (restarted || below(current.counters, previous.counters))
    return { delta: current.counters, reset: true };
  return {
    delta: {
      calls: current.counters.calls - previous.counters.calls,
      totalMs: current.counters.totalMs - previous.counters.totalMs,
      rows: current.counters.rows - previous.counters.rows,
    },
    reset: false,
  };
}

export function isNoUsage(c: StatementCounters): boolean {
  return c.calls === 0 && c.totalMs === 0 && c.rows === 0;
}

/** The longest statement text kept (characters); longer ones are cut and marked. */
export const STATEMENT_TEXT_MAX = 4_000;

/** The text as stored: at most `max` characters, a cut one ending in "…", never a lone surrogate. */
export function capStatementText(text: string, max = STATEMENT_TEXT_MAX): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** The one key of an entry in memory: queryid, database and user. */
export function statementKey(k: { queryid: string; dbid: number; userid: number }): string {
  return `${k.queryid}/${k.dbid}/${k.userid}`;
}

/**
 * What the sampler remembers of the entries this poll did not read (only the busiest are
 * read between full reads):
 * - after a full read, nothing: an entry not there was evicted or reset away, and if it comes
 *   back it is new (usage since it came back). This also bounds memory by pg_stat_statements.max.
 * - after pg_stat_statements_reset(), zero: every entry started over, so when one is read
 *   again all its counters are usage since the reset.
 * - otherwise what it remembered.
 */
export function carryOverUnread(
  remembered: ReadonlyMap<string, StatementState>,
  read: ReadonlySet<string>,
  change: StatementWindowChange,
  full: boolean,
): Map<string, StatementState> {
  const kept = new Map<string, StatementState>();
  if (full) return kept;
  for (const [key, state] of remembered) {
    if (read.has(key)) continue;
    kept.set(key, change.kind === "reset" ? { counters: NO_STATEMENT_USAGE, statsSince: null } : state);
  }
  return kept;
}
