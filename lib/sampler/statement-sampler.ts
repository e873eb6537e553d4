import type pg from "pg";
import {
  capStatementText,
  carryOverUnread,
  classifyStatementWindow,
  deallocatedSince,
  isNoUsage,
  STATEMENT_TEXT_MAX,
  type StatementState,
  type StatementWindow,
  statementDelta,
  statementKey,
} from "@/lib/analysis/statement-deltas";
import {
  type EntryReadShape,
  extensionVersionAtLeast,
  readAllStatements,
  readStatementsInfo,
  readStatementsSetup,
  readStatementTexts,
  readTopStatements,
  type StatementEntry,
} from "@/lib/catalog/statements";
import { loadStatementMemory, type StatementMemory } from "@/lib/store/statement-state";
import { type StatementChange, type StatementPoll, writeStatementPoll } from "@/lib/store/statement-writer";
import { statementsAvailability } from "./statement-availability";

export interface StatementSamplerSettings {
  /** How many of the busiest entries (by total time, and by calls) each interval reads. */
  top: number;
  /** How often every entry is read, ms. */
  fullEveryMs: number;
}

export interface StatementTarget {
  id: string;
  pool: pg.Pool;
  settings: StatementSamplerSettings;
  /** Undefined until loaded from the store (first poll, or after a takeover). */
  memory?: StatementMemory;
}

export type StatementPollOutcome =
  | { kind: "unavailable"; reason: string }
  | { kind: "sampled"; poll: StatementPoll };

// Texts of new entries are read in chunks: each call reads the server's whole text file.
const TEXT_CHUNK = 2_000;

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
}

async function readEntries(
  client: pg.PoolClient,
  shape: EntryReadShape,
  full: boolean,
  top: number,
): Promise<StatementEntry[]> {
  return full ? readAllStatements(client, shape) : readTopStatements(client, shape, top);
}

/**
 * One statement poll of one target, on the sampler's cadence: the busiest entries every
 * interval, every entry every `fullEveryMs` (and on the first poll: the baseline), turned into
 * reset-safe deltas (lib/analysis/statement-deltas.ts) and written to the store. The memory of
 * counters moves only once the store has the poll: a poll the store refused is covered by the
 * next one's deltas. `serverRestored`: the index sampler saw another cluster answer.
 */
export async function sampleStatementsOnce(
  target: StatementTarget,
  storePool: pg.Pool,
  serverRestored = false,
): Promise<StatementPollOutcome> {
  target.memory ??= await loadStatementMemory(storePool, target.id);
  const memory = target.memory;
  const client = await target.pool.connect();
  let poll: StatementPoll;
  let nextEntries: Map<string, StatementState>;
  try {
    const setup = await readStatementsSetup(client);
    const probe = {
      role: setup.role,
      database: setup.database,
      schema: setup.schema,
      readsAll: setup.reads_all,
    };
    let window: StatementWindow = { statsReset: null, dealloc: null };
    let entries: StatementEntry[] = [];
    // Another cluster answering is a new baseline of every entry: read them all.
    const full =
      serverRestored ||
      memory.lastFullAt === undefined ||
      setup.now.getTime() - memory.lastFullAt >= target.settings.fullEveryMs;
    const shape: EntryReadShape | null = setup.schema
      ? { schema: setup.schema, extVersion: setup.ext_version }
      : null;
    let readError: { code: string | undefined; message: string } | undefined;
    if (shape) {
      try {
        if (extensionVersionAtLeast(shape.extVersion, 1, 9)) {
          const info = await readStatementsInfo(client, shape.schema);
          window = { statsReset: info.stats_reset, dealloc: info.dealloc };
        }
        entries = await readEntries(client, shape, full, target.settings.top);
      } catch (error) {
        const code = errorCode(error);
        if (code !== "55000" && code !== "42501" && code !== "42P01" && code !== "42883") throw error;
        readError = { code, message: error instanceof Error ? error.message : String(error) };
      }
    }
    const availability = statementsAvailability({ ...probe, ...(readError ? { readError } : {}) });
    if (!availability.available || !shape) {
      poll = {
        targetId: target.id,
        polledAt: setup.now,
        available: false,
        reason: availability.reason,
        full: false,
        window: null,
        changes: [],
        events: [],
      };
      await writeStatementPoll(storePool, poll);
      // A later poll that finds it starts from a baseline again.
      target.memory = { entries: new Map() };
      return { kind: "unavailable", reason: availability.reason ?? "unavailable" };
    }

    const change = classifyStatementWindow(memory.window, window, serverRestored);
    const events: StatementPoll["events"] = [];
    if (change.kind === "reset") events.push({ kind: "reset", detail: change.detail });
    if (change.kind === "baseline" || change.kind === "first")
      events.push({
        kind: "baseline",
        detail: change.kind === "first" ? "first read of pg_stat_statements" : change.detail,
      });
    const dealloc = change.kind === "same" ? deallocatedSince(memory.window, window) : null;
    if (dealloc)
      events.push({
        kind: "dealloc",
        detail: `${dealloc} statements evicted (pg_stat_statements.max reached)`,
      });

    nextEntries = carryOverUnread(memory.entries, new Set(entries.map(statementKey)), change, full);
    const changes: StatementChange[] = [];
    const resets: string[] = [];
    for (const entry of entries) {
      const key = statementKey(entry);
      const current: StatementState = {
        counters: { calls: entry.calls, totalMs: entry.total_ms, rows: entry.rows },
        statsSince: entry.stats_since?.getTime() ?? null,
      };
      const previous = memory.entries.get(key);
      if (
        previous &&
        change.kind === "same" &&
        previous.counters.calls === current.counters.calls &&
        previous.counters.totalMs === current.counters.totalMs &&
        previous.counters.rows === current.counters.rows &&
        (previous.statsSince === null || previous.statsSince === current.statsSince)
      ) {
        nextEntries.set(key, current);
        continue;
      }
      const outcome = statementDelta(previous, current, change);
      if (outcome.reset && change.kind === "same") resets.push(entry.queryid);
      nextEntries.set(key, current);
      // The first poll stores every entry (its text and baseline); later, only what moved.
      if (previous && isNoUsage(outcome.delta) && change.kind === "same") continue;
      changes.push({
        queryid: entry.queryid,
        dbid: entry.dbid,
        userid: entry.userid,
        query: null,
        counters: current.counters,
        delta: outcome.delta,
      });
    }
    if (resets.length) {
      events.push({
        kind: "reset",
        detail: `${resets.length} statement${resets.length === 1 ? "" : "s"} started over (reset or evicted)`,
      });
    }
    const fresh = changes.filter((c) => !memory.entries.has(statementKey(c)));
    for (let i = 0; i < fresh.length; i += TEXT_CHUNK) {
      const chunk = fresh.slice(i, i + TEXT_CHUNK);
      const texts = await readStatementTexts(
        client,
        shape,
        chunk.map((c) => c.queryid),
        STATEMENT_TEXT_MAX + 1,
      );
      const byKey = new Map(texts.map((t) => [statementKey(t), t.query] as const));
      for (const c of chunk) c.query = capStatementText(byKey.get(statementKey(c)) ?? "");
    }
    poll = {
      targetId: target.id,
      polledAt: setup.now,
      available: true,
      reason: availability.reason,
      full,
      window,
      changes,
      events,
    };
  } finally {
    client.release();
  }
  await writeStatementPoll(storePool, poll);
  memory.entries = nextEntries;
  memory.window = poll.window ?? { statsReset: null, dealloc: null };
  if (poll.full) memory.lastFullAt = poll.polledAt.getTime();
  return { kind: "sampled", poll };
}
