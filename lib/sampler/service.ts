import { reconcileActions } from "@/lib/actions/reconcile";
import { env } from "@/lib/config/env";
import { migrateStore } from "@/lib/store/migrate";
import { storePool } from "@/lib/store/pool";
import { monitoringPool } from "@/lib/targets/pools";
import { listTargetConfigs } from "@/lib/targets/registry";
import { type SamplerOptions, TargetSampler } from "./sampler-loop";
import { seedSimulatedHistoryIfEmpty } from "./simulated-history";

const DEMO_INTERVAL_S = 10;
const DEFAULT_INTERVAL_S = 60;

const state = globalThis as unknown as { __indexwatchSamplers?: Map<string, TargetSampler> };

function log(message: string) {
  console.log(`[indexwatch] sampler: ${message}`);
}

/** Seconds between counter polls: SAMPLE_INTERVAL, or the demo's and the default. */
export function sampleIntervalSeconds(): number {
  const e = env();
  return e.SAMPLE_INTERVAL ?? (e.INDEXWATCH_DEMO ? DEMO_INTERVAL_S : DEFAULT_INTERVAL_S);
}

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
      await seedSimulatedHistoryIfEmpty(storePool(), target.id, monitoringPool(target)).catch((error) =>
        log(`simulated history for ${target.id} not written: ${String(error)}`),
      );
    }
    const sampler = new TargetSampler(
      { id: target.id, pool: monitoringPool(target) },
      // Actions whose runner went away are settled by the process that samples their target.
      { ...samplerOptionsFromEnv(log), afterSample: () => reconcileActions(target) },
    );
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
