import type pg from "pg";
import { z } from "zod";
import { type PatternContext, shuffledRound, type WorkloadPattern } from "./workload-patterns";
import { type DemoIdRanges, INITIAL_ID_RANGES } from "./workload-random";

export {
  WORKLOAD_PATTERNS,
  WORKLOAD_UNUSED_SEED_INDEXES,
  WORKLOAD_USED_SEED_INDEXES,
  type WorkloadPatternDoc,
} from "./workload-patterns";

export interface WorkloadOptions {
  /** Pause between two ticks, in ms. Default 500. */
  intervalMs?: number;
  /** Patterns run one after the other in each tick. Default 3. */
  patternsPerTick?: number;
  /** statement_timeout of every workload statement, in ms. Default 2000. */
  statementTimeoutMs?: number;
  /** Receives every failure; the workload itself never throws. */
  onError?: (error: unknown) => void;
  /** Told after each pattern that committed, with its duration in ms. */
  onPattern?: (name: string, durationMs: number) => void;
  /** Told each statement a pattern sends, with its values (tests re-plan them with EXPLAIN). */
  onStatement?: (pattern: string, sql: string, values: readonly unknown[]) => void;
}

export interface Workload {
  /** Stops the loop and resolves once the pattern in flight has finished. */
  stop(): Promise<void>;
}

/** Shown in pg_stat_activity while a workload transaction runs, so it can be told apart. */
export const WORKLOAD_APPLICATION_NAME = "indexwatch-demo-workload";

// New rows arrive all the time; re-read the id ranges now and then so parameters cover them.
const RANGES_REFRESH_MS = 60_000;
const MAX_BACKOFF_MS = 30_000;

const RANGES_SQL = `SELECT
  (SELECT max(id) FROM accounts_user) AS users,
  (SELECT max(id) FROM invitations_order) AS orders,
  (SELECT max(id) FROM invitations_invitation) AS invitations,
  (SELECT max(id) FROM invitations_guest) AS guests`;

const rangesRow = z.object({
  users: z.coerce.number().int().positive(),
  orders: z.coerce.number().int().positive(),
  invitations: z.coerce.number().int().positive(),
  guests: z.coerce.number().int().positive(),
});

/**
 * Plays the demo's query patterns against the demo database, a few per tick, one at a
 * time on one pooled connection, so it stays light beside the web server. Every pattern
 * runs in its own transaction with SET LOCAL timeouts (the pool's connections belong to
 * the app too, so nothing is set at session level).
 */
export function startWorkload(pool: pg.Pool, opts: WorkloadOptions = {}): Workload {
  const intervalMs = opts.intervalMs ?? 500;
  const patternsPerTick = opts.patternsPerTick ?? 3;
  const statementTimeoutMs = Math.max(1, Math.round(opts.statementTimeoutMs ?? 2000));
  // A failing callback must not stop the workload either.
  const report = (error: unknown) => {
    try {
      opts.onError?.(error);
    } catch {}
  };
  const reportPattern = (name: string, durationMs: number) => {
    try {
      opts.onPattern?.(name, durationMs);
    } catch (error) {
      report(error);
    }
  };

  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  let round: WorkloadPattern[] = [];
  let ranges: DemoIdRanges = INITIAL_ID_RANGES;
  let rangesReadAt = 0;

  const beginSql =
    `BEGIN; SET LOCAL statement_timeout = ${statementTimeoutMs}; ` +
    `SET LOCAL lock_timeout = ${statementTimeoutMs}; SET LOCAL application_name = '${WORKLOAD_APPLICATION_NAME}'`;

  async function inTransaction(work: (client: pg.PoolClient) => Promise<void>): Promise<void> {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query(beginSql);
      await work(client);
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch((rollbackError: Error) => {
        broken = rollbackError; // the connection is unusable: let the pool drop it
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async function refreshRanges(): Promise<void> {
    if (Date.now() - rangesReadAt < RANGES_REFRESH_MS) return;
    rangesReadAt = Date.now();
    await inTransaction(async (client) => {
      ranges = rangesRow.parse((await client.query(RANGES_SQL)).rows[0]);
    });
  }

  function nextPattern(): WorkloadPattern | undefined {
    if (round.length === 0) round = shuffledRound();
    return round.pop();
  }

  async function runPattern(pattern: WorkloadPattern): Promise<void> {
    await inTransaction(async (client) => {
      const ctx: PatternContext = {
        ranges,
        async rows(schema, sql, values) {
          opts.onStatement?.(pattern.name, sql, values);
          const result = await client.query(sql, [...values]);
          return result.rows.map((row) => schema.parse(row));
        },
        async exec(sql, values) {
          opts.onStatement?.(pattern.name, sql, values);
          await client.query(sql, [...values]);
        },
      };
      await pattern.run(ctx);
    });
  }

  /** Runs one tick; answers whether everything in it succeeded. */
  async function tick(): Promise<boolean> {
    try {
      await refreshRanges();
    } catch (error) {
      report(error);
      return false;
    }
    for (let i = 0; i < patternsPerTick && !stopped; i++) {
      const pattern = nextPattern();
      if (!pattern) break;
      const startedAt = performance.now();
      try {
        await runPattern(pattern);
        reportPattern(pattern.name, performance.now() - startedAt);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        report(new Error(`demo workload pattern ${pattern.name} failed: ${reason}`, { cause: error }));
        return false; // likely the database is away: skip the rest of this tick
      }
    }
    return true;
  }

  // After failed ticks, wait longer (doubling up to MAX_BACKOFF_MS) so a database that is
  // down gets a few reports a minute rather than several a second.
  let failedTicks = 0;

  function schedule(delayMs: number): void {
    if (stopped) return;
    timer = setTimeout(() => {
      inFlight = tick()
        .catch((error: unknown) => {
          report(error);
          return false;
        })
        .then((ok) => {
          failedTicks = ok ? 0 : failedTicks + 1;
          const backoff = failedTicks === 0 ? 0 : Math.min(MAX_BACKOFF_MS, 2 ** failedTicks * 500);
          schedule(Math.max(intervalMs, backoff));
        });
    }, delayMs);
    // The workload alone must not keep the process alive.
    timer.unref?.();
  }

  schedule(0);

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await inFlight;
    },
  };
}
