import { reconcileActions } from "@/lib/actions/reconcile";
import { env } from "@/lib/config/env";
import { publishSamplerPoll, registerSnapshotSource } from "@/lib/inventory/snapshot";
import { planAfterSample } from "@/lib/plans/plan-service";
import { migrateStore } from "@/lib/store/migrate";
import { storePool } from "@/lib/store/pool";
import { samplerPool } from "@/lib/targets/pools";
import { listTargetConfigs, type TargetConfig } from "@/lib/targets/registry";
import { sampleIntervalSeconds } from "./interval";
import { type SamplerOptions, TargetSampler } from "./sampler-loop";
import { seedSimulatedHistoryIfEmpty } from "./simulated-history";

const state = globalThis as unknown as { __indexwatchSamplers?: Map<string, TargetSampler> };

function log(message: string) {
  console.log(`[indexwatch] sampler: ${message}`);
}

export { sampleIntervalSeconds };

/** The settings every sampled server shares (primaries and standbys alike). */
export function samplerOptionsFromEnv(log: (message: string) => void): SamplerOptions {
  const e = env();
  if (!e.STORE_URL) throw new Error("no STORE_URL: usage history is off");
  return {
    storeUrl: e.STORE_URL,
    storePool: storePool(),
    intervalMs: sampleIntervalSeconds() * 1000,
    sizeEveryMs: e.SIZE_INTERVAL * 1000,
    bufferMax: e.SAMPLER_BUFFER_POLLS,
    retention: {
      rawHours: e.RETAIN_RAW_HOURS,
      hourlyDays: e.RETAIN_HOURLY_DAYS,
      dailyDays: e.RETAIN_DAILY_DAYS,
    },
    prepareStore: () => migrateStore(storePool()),
    log,
  };
}

/**
 * The sampler of one target, on connections of its own (no viewer can starve them), and the
 * source of the viewers' snapshot: each poll publishes what it read, and "refresh now" asks
 * it for a poll (lib/inventory/snapshot.ts). Not started: the caller starts or ticks it.
 */
export function createTargetSampler(target: TargetConfig, options: SamplerOptions): TargetSampler {
  const sampler: TargetSampler = new TargetSampler(
    { id: target.id, pool: samplerPool(target) },
    {
      ...options,
      afterPoll: (outcome) => publishSamplerPoll(target, sampler.target, outcome, options.storePool),
    },
  );
  registerSnapshotSource(target.id, { active: () => sampler.holdsLock, poll: () => sampler.pollNow() });
  return sampler;
}

/** Starts one sampler per configured target (once per process; the lock picks one process). */
export async function startSamplers(): Promise<void> {
  const e = env();
  if (!e.STORE_URL) {
    log("no STORE_URL: usage history is off");
    return;
  }
  state.__indexwatchSamplers ??= new Map();
  const running = state.__indexwatchSamplers;
  const intervalS = sampleIntervalSeconds();
  for (const target of listTargetConfigs()) {
    if (running.has(target.id)) continue;
    if (e.INDEXWATCH_DEMO && e.DEMO_SIMULATED_HISTORY) {
      await seedSimulatedHistoryIfEmpty(storePool(), target.id, samplerPool(target)).catch((error) =>
        log(`simulated history for ${target.id} not written: ${String(error)}`),
      );
    }
    const options = samplerOptionsFromEnv(log);
    const sampler: TargetSampler = createTargetSampler(target, {
      ...options,
      // Actions whose runner went away are settled by the process that samples their target;
      // generic plans are derived there too, against the catalog of the poll just made.
      afterSample: async () => {
        await reconcileActions(target).catch((error) => log(`actions of ${target.id}: ${String(error)}`));
        await planAfterSample(target, sampler.target.memory?.catalogVersion, options.intervalMs);
      },
      ...(e.STATEMENTS
        ? { statements: { top: e.STATEMENTS_TOP, fullEveryMs: e.STATEMENTS_FULL_INTERVAL * 1000 } }
        : {}),
    });
    running.set(target.id, sampler);
    sampler.start();
    log(`sampling ${target.id} every ${intervalS} s`);
  }
}

/** Stops this process's samplers and lets go of their targets (tests, shutdown). */
export async function stopSamplers(): Promise<void> {
  const running = state.__indexwatchSamplers;
  if (!running) return;
  const samplers = [...running.values()];
  running.clear();
  await Promise.all(samplers.map((sampler) => sampler.stop()));
}

export const samplerService = { name: "sampler", start: startSamplers };
