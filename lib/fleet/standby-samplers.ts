import { env } from "@/lib/config/env";
import { TargetSampler } from "@/lib/sampler/sampler-loop";
import { sampleIntervalSeconds, samplerOptionsFromEnv } from "@/lib/sampler/service";
import { samplerPool } from "@/lib/targets/pools";
import { listTargetConfigs } from "@/lib/targets/registry";
import { serverAsTarget, serversOf } from "@/lib/targets/servers";

const state = globalThis as unknown as { __indexwatchStandbySamplers?: Map<string, TargetSampler> };

function log(message: string) {
  console.log(`[indexwatch] standby sampler: ${message}`);
}

/**
 * Samples every standby like a primary, under its own store id (`{target}--{standby}`): its
 * counters are its own, so it gets its own deltas, resets and outages. The same advisory lock
 * as the primaries' picks one app process per standby.
 */
export function startStandbySamplers(): number {
  const e = env();
  if (!e.STORE_URL) return 0;
  state.__indexwatchStandbySamplers ??= new Map();
  const running = state.__indexwatchStandbySamplers;
  const intervalS = sampleIntervalSeconds();
  let started = 0;
  for (const target of listTargetConfigs()) {
    for (const server of serversOf(target).filter((s) => s.role === "standby")) {
      if (running.has(server.serverId)) continue;
      const sampler = new TargetSampler(
        { id: server.serverId, pool: samplerPool(serverAsTarget(server)) },
        samplerOptionsFromEnv(log),
      );
      running.set(server.serverId, sampler);
      sampler.start();
      started++;
      log(`sampling ${server.serverId} every ${intervalS} s`);
    }
  }
  return started;
}
