import pg from "pg";
import { isConnectionError } from "@/lib/db/pool";
import { insertEvents, markTargetUnreachable } from "@/lib/store/history-writer";
import { applyRetention, type RetentionPolicy } from "@/lib/store/retention";
import { BufferedHistorySink } from "./history-sink";
import { type SampledTarget, type SampleOutcome, sampleTargetOnce } from "./sample-once";
import {
  type StatementSamplerSettings,
  type StatementTarget,
  sampleStatementsOnce,
} from "./statement-sampler";

export interface SamplerOptions {
  /** STORE_URL: the advisory lock lives on a connection of its own. */
  storeUrl: string;
  storePool: pg.Pool;
  intervalMs: number;
  sizeEveryMs: number;
  bufferMax: number;
  retention: RetentionPolicy;
  /** Run before the first sample (the store's migrations); retried until it succeeds. */
  prepareStore?: () => Promise<unknown>;
  log?: (message: string) => void;
  /**
   * Run after each poll that reached the target, by the process that samples it (so at
   * start, on takeover and once per interval): the actions reconciler, for one.
   */
  afterSample?: () => Promise<unknown>;
  /** Run after each poll that read the target or failed to (the viewers' snapshot). */
  afterPoll?: (outcome: SampleOutcome) => Promise<void>;
  /** Sample pg_stat_statements too, after each poll that reached the target (issue 15). */
  statements?: StatementSamplerSettings;
}

export type TickOutcome = SampleOutcome["kind"] | "not_holder";

// pg_try_advisory_lock(int4, int4): this constant and the target id's hash.
const LOCK_CLASS = 7_355_609;
const RETENTION_EVERY_MS = 60 * 60_000;

/**
 * Samples one target, in one process out of all the app processes that share the store: the
 * one holding the target's advisory lock (a session lock on a dedicated store connection, so
 * it goes away with the process). The holder keeps sampling into memory while the store is
 * down; if on the store's return another process has taken the lock, ours discards its buffer
 * (the new holder's first delta covers the span, from the counters stored last).
 */
export class TargetSampler {
  private lock: pg.Client | undefined;
  private lockState: "none" | "held" | "lost" = "none";
  private failures = 0;
  /**
   * An outage of the target that the store has not heard of (it was down too): recorded as a
   * closed "unreachable" event once both answer. `since` is the app's clock, the only one
   * there was to read.
   */
  private unrecordedOutage: { since: Date; reason: string } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private lastRetentionAt = 0;
  private storePrepared = false;
  readonly sink: BufferedHistorySink;
  readonly target: SampledTarget;
  readonly statementTarget: StatementTarget | undefined;

  constructor(
    target: { id: string; pool: pg.Pool },
    private readonly options: SamplerOptions,
  ) {
    this.target = { id: target.id, pool: target.pool, sizeEveryMs: options.sizeEveryMs };
    this.sink = new BufferedHistorySink(options.storePool, options.bufferMax);
    this.statementTarget = options.statements
      ? { id: target.id, pool: target.pool, settings: options.statements }
      : undefined;
  }

  get holdsLock(): boolean {
    return this.lockState !== "none";
  }

  /** One step: make sure we hold the target, then sample it once. */
  async tick(): Promise<TickOutcome> {
    const holder = await this.ensureLock();
    if (holder === "no") return "not_holder";
    if (holder === "store_down" && this.lockState === "none") return "store_unavailable";
    if (!this.storePrepared && this.options.prepareStore) {
      try {
        await this.options.prepareStore();
        this.storePrepared = true;
      } catch (error) {
        this.options.log?.(`store not ready: ${String(error)}`);
        return "store_unavailable";
      }
    }
    const outcome = await sampleTargetOnce(this.target, this.sink);
    await this.options
      .afterPoll?.(outcome)
      .catch((error) => this.options.log?.(`after the poll of ${this.target.id}: ${String(error)}`));
    if (outcome.kind === "unreachable") {
      this.failures += 1;
      const reason = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
      if (this.failures === 1) this.options.log?.(`target ${this.target.id} unreachable: ${reason}`);
      const outage = this.unrecordedOutage ?? { since: new Date(), reason };
      this.unrecordedOutage = outage;
      try {
        await markTargetUnreachable(this.options.storePool, this.target.id, reason);
        this.unrecordedOutage = undefined; // the store keeps the open event from here
      } catch {
        // the store is away too: remembered, written when both are back
      }
    } else if (outcome.kind === "sampled") {
      if (this.failures) this.options.log?.(`target ${this.target.id} answers again`);
      this.failures = 0;
      if (outcome.stored) await this.recordOutageIfUnrecorded(outcome.batch.polledAt);
      if (outcome.stored) await this.sampleStatements(outcome);
      await this.retentionIfDue();
      await this.options
        .afterSample?.()
        .catch((error) => this.options.log?.(`after sampling ${this.target.id}: ${String(error)}`));
    }
    return outcome.kind;
  }

  /**
   * pg_stat_statements on the same cadence, after the index counters: a failure here is
   * logged and costs the statement history one poll (the next delta covers it), never the
   * index history.
   */
  private async sampleStatements(outcome: Extract<SampleOutcome, { kind: "sampled" }>) {
    if (!this.statementTarget) return;
    const restored = outcome.batch.events.some((e) => e.kind === "restore" && !e.index);
    await sampleStatementsOnce(this.statementTarget, this.options.storePool, restored).catch((error) => {
      // Memory may be ahead of nothing: reload what the store has next time.
      if (this.statementTarget) this.statementTarget.memory = undefined;
      this.options.log?.(`statements of ${this.target.id}: ${String(error)}`);
    });
  }

  private async recordOutageIfUnrecorded(endedAt: Date) {
    const outage = this.unrecordedOutage;
    if (!outage) return;
    try {
      await insertEvents(this.options.storePool, this.target.id, [
        {
          kind: "unreachable",
          at: outage.since < endedAt ? outage.since : endedAt,
          endedAt,
          detail: `${outage.reason} (the store was unreachable too: the start is the app's clock)`,
        },
      ]);
      this.unrecordedOutage = undefined;
    } catch (error) {
      this.options.log?.(`outage of ${this.target.id} not recorded yet: ${String(error)}`);
    }
  }

  private async retentionIfDue() {
    if (Date.now() - this.lastRetentionAt < RETENTION_EVERY_MS) return;
    this.lastRetentionAt = Date.now();
    await applyRetention(this.options.storePool, this.target.id, this.options.retention).catch((error) =>
      this.options.log?.(`retention for ${this.target.id} failed: ${String(error)}`),
    );
  }

  private async ensureLock(): Promise<"yes" | "no" | "store_down"> {
    if (this.lockState === "held" && this.lock) return "yes";
    try {
      const client = new pg.Client({
        connectionString: this.options.storeUrl,
        application_name: "indexwatch-sampler-lock",
        connectionTimeoutMillis: 5_000,
      });
      await client.connect();
      const result = await client.query<{ got: boolean }>(
        "SELECT pg_try_advisory_lock($1, hashtext($2)) AS got",
        [LOCK_CLASS, this.target.id],
      );
      if (!result.rows[0]?.got) {
        await client.end().catch(() => undefined);
        if (this.lockState === "lost") {
          // Another process took over while the store was away: its state wins.
          this.sink.discard();
          this.options.log?.(`target ${this.target.id}: another process samples it now`);
        }
        this.lockState = "none";
        this.target.memory = undefined;
        if (this.statementTarget) this.statementTarget.memory = undefined;
        return "no";
      }
      client.on("error", () => this.onLockLost(client));
      client.on("end", () => this.onLockLost(client));
      if (this.lockState === "none") {
        // reload what the last holder stored
        this.target.memory = undefined;
        if (this.statementTarget) this.statementTarget.memory = undefined;
      }
      this.lock = client;
      this.lockState = "held";
      return "yes";
    } catch (error) {
      if (!isConnectionError(error)) throw error;
      return "store_down";
    }
  }

  private onLockLost(client: pg.Client) {
    if (this.lock !== client) return;
    this.lock = undefined;
    if (this.lockState === "held") this.lockState = "lost";
  }

  private ticking: Promise<TickOutcome> | undefined;

  /** One poll now, shared: a poll already running (the timer's or another caller's) is awaited. */
  pollNow(): Promise<TickOutcome> {
    this.ticking ??= this.tick().finally(() => {
      this.ticking = undefined;
    });
    return this.ticking;
  }

  /**
   * Starts the timer loop: one tick per interval, measured from the start of the last one.
   * No backoff while the target is away: a failed connect costs the dead server nothing, and
   * sampling must resume within one interval of its return (a doubling backoff made that
   * minutes).
   */
  start(): void {
    const loop = async () => {
      if (this.stopped) return;
      const began = Date.now();
      try {
        await this.pollNow();
      } catch (error) {
        this.options.log?.(`sampler ${this.target.id}: ${String(error)}`);
      }
      if (this.stopped) return;
      this.timer = setTimeout(loop, Math.max(0, this.options.intervalMs - (Date.now() - began)));
      this.timer.unref?.();
    };
    void loop();
  }

  /** Stops sampling and lets go of the target (another process may take it over). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const lock = this.lock;
    this.lock = undefined;
    this.lockState = "none";
    await lock?.end().catch(() => undefined);
  }
}
