import type pg from "pg";
import { planStateKey, readPlanLinksFor } from "@/lib/store/plan-reads";
import {
  readStatementDailySeries,
  readStatementEvents,
  readStatementPage,
  readStatementStatus,
  type StatementDayPoint,
  type StatementEvent,
  type StatementKey,
  type StatementRange,
  type StatementStatsOptions,
} from "@/lib/store/statement-reads";

/** The index a statement's plan uses, and a table it scans sequentially (plans: issue 15 §2). */
export interface StatementIndexRef {
  oid: number;
  name: string;
}
export interface StatementSeqScan {
  schema: string;
  table: string;
}

export interface StatementRow extends StatementKey {
  query: string;
  calls: number;
  totalMs: number;
  meanMs: number;
  rows: number;
  lastSeen: string;
  indexes: StatementIndexRef[];
  seqScans: StatementSeqScan[];
}

export interface StatementsView {
  available: boolean;
  reason: string | null;
  /** When the sampler last looked at pg_stat_statements (null: not yet). */
  checkedAt: string | null;
  from: string;
  to: string;
  total: number;
  statements: StatementRow[];
  /** Whether generic plans are derived for this target (an EXPLAIN connection), and why not. */
  plans: { available: boolean; reason: string | null };
}

/** Before the sampler's first look, the pages say so (not an error). */
export const NOT_READ_YET =
  "indexwatch has not read pg_stat_statements on this target yet: the sampler reads it after each poll.";

/**
 * The Queries page and GET …/statements: what the store holds, never the target. Statements
 * stored while pg_stat_statements was available stay listed after it went away; `available`
 * and `reason` say how things stand now.
 */
export async function getStatementsView(
  pool: pg.Pool,
  targetId: string,
  plans: StatementsView["plans"],
  options: StatementStatsOptions,
): Promise<StatementsView> {
  const [status, page] = await Promise.all([
    readStatementStatus(pool, targetId),
    readStatementPage(pool, targetId, options),
  ]);
  const links = await readPlanLinksFor(pool, targetId, page.statements);
  return {
    available: status?.available ?? false,
    reason: status ? status.reason : NOT_READ_YET,
    checkedAt: status?.checkedAt ?? null,
    from: options.from,
    to: options.to,
    total: page.total,
    plans,
    statements: page.statements.map((s) => ({
      queryid: s.queryid,
      dbid: s.dbid,
      userid: s.userid,
      query: s.query,
      calls: s.calls,
      totalMs: s.totalMs,
      meanMs: s.meanMs,
      rows: s.rows,
      lastSeen: s.lastSeen,
      // From the statement's stored generic plan (lib/plans); none before it is planned.
      indexes: (links.get(planStateKey(s))?.indexes ?? []).flatMap((i) =>
        i.oid === null ? [] : [{ oid: i.oid, name: i.name }],
      ),
      seqScans: links.get(planStateKey(s))?.seqScans ?? [],
    })),
  };
}

export interface StatementHistory {
  key: StatementKey;
  from: string;
  to: string;
  /** One point per day of the range, zero on days without calls. */
  series: StatementDayPoint[];
  events: StatementEvent[];
}

/** One statement's calls and time per day, every day of the range present (zero-filled). */
export async function getStatementHistory(
  pool: pg.Pool,
  targetId: string,
  key: StatementKey,
  range: StatementRange,
  days: string[],
): Promise<StatementHistory> {
  const [points, events] = await Promise.all([
    readStatementDailySeries(pool, targetId, [key], range),
    readStatementEvents(pool, targetId, range),
  ]);
  const byDay = new Map(points.map((p) => [p.day, p] as const));
  return {
    key,
    from: range.from,
    to: range.to,
    series: days.map((day) => byDay.get(day) ?? { ...key, day, calls: 0, totalMs: 0, meanMs: 0, rows: 0 }),
    events,
  };
}
