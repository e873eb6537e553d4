import { env } from "@/lib/config/env";
import { getSharedFindings } from "@/lib/findings/findings-cache";
import { describeTargetShared, getInventorySnapshot } from "@/lib/inventory/snapshot";

import { storePool } from "@/lib/store/pool";
import { listTargetConfigs, type TargetConfig } from "@/lib/targets/registry";
import { serverAsTarget, serversOf } from "@/lib/targets/servers";
import { mapLimited } from "./concurrency";
import { readRunningActionCounts, readSamplerStates, type SamplerStateRow } from "./store-reads";

export interface FleetServer {
  serverId: string;
  role: "primary" | "standby";
  name: string;
  reachable: boolean;
  inRecovery: boolean | null;
  error: string | null;
  /** The last poll the sampler stored (database clock), null when never sampled. */
  lastSampleAt: string | null;
  lagSeconds: number | null;
  samplerStatus: "ok" | "unreachable" | "never_sampled" | "no_store";
}

export interface FleetTarget {
  id: string;
  name: string;
  reachable: boolean;
  error: string | null;
  serverVersion: string | null;
  statsSince: string | null;
  statsSinceSource: "stats_reset" | "postmaster_start" | null;
  lastSampleAt: string | null;
  servers: FleetServer[];
  indexCount: number | null;
  indexBytes: number | null;
  unusedCount: number | null;
  unusedBytes: number | null;
  openFindings: number | null;
  /** Queued or running actions; null without a store. */
  runningActions: number | null;
  /** Panels that could not be filled, and why: one failing read degrades one figure. */
  problems: string[];
}

export interface FleetSummary {
  generatedAt: string;
  storeAvailable: boolean;
  targets: FleetTarget[];
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

function samplerFacts(state: SamplerStateRow | undefined, storeAvailable: boolean) {
  if (!storeAvailable) return { lastSampleAt: null, lagSeconds: null, samplerStatus: "no_store" as const };
  if (!state?.last_poll_at)
    return {
      lastSampleAt: null,
      lagSeconds: null,
      samplerStatus: state?.status === "unreachable" ? ("unreachable" as const) : ("never_sampled" as const),
    };
  return {
    lastSampleAt: state.last_poll_at.toISOString(),
    lagSeconds: state.lag_seconds === null ? null : Math.round(state.lag_seconds),
    samplerStatus: state.status,
  };
}

async function summarize(
  target: TargetConfig,
  states: Map<string, SamplerStateRow>,
  actions: Map<string, number> | null,
  storeAvailable: boolean,
): Promise<FleetTarget> {
  const servers = serversOf(target);
  const described = await Promise.all(servers.map((s) => describeTargetShared(serverAsTarget(s))));
  const primary = described[0];
  const problems: string[] = [];
  const summary: FleetTarget = {
    id: target.id,
    name: target.name,
    reachable: primary?.reachable ?? false,
    error: primary?.error ?? null,
    serverVersion: primary?.serverVersion ?? null,
    statsSince: primary?.statsSince ?? null,
    statsSinceSource: primary?.statsSinceSource ?? null,
    lastSampleAt: null,
    servers: servers.map((s, i) => ({
      serverId: s.serverId,
      role: s.role,
      name: s.name,
      reachable: described[i]?.reachable ?? false,
      inRecovery: described[i]?.inRecovery ?? null,
      error: described[i]?.error ?? null,
      ...samplerFacts(states.get(s.serverId), storeAvailable),
    })),
    indexCount: null,
    indexBytes: null,
    unusedCount: null,
    unusedBytes: null,
    openFindings: null,
    runningActions: actions ? (actions.get(target.id) ?? 0) : null,
    problems,
  };
  summary.lastSampleAt = summary.servers[0]?.lastSampleAt ?? null;
  if (!summary.reachable) return summary;
  const [inventory, findings] = await Promise.allSettled([
    getInventorySnapshot(target.id),
    getSharedFindings(target.id),
  ]);
  if (inventory.status === "fulfilled") {
    summary.indexCount = inventory.value.indexes.length;
    // A partitioned parent's size is its partitions' sum: counted there already.
    summary.indexBytes = inventory.value.indexes.reduce(
      (sum, i) => sum + (i.partitioned ? 0 : (i.sizeBytes ?? 0)),
      0,
    );
  } else problems.push(`indexes: ${message(inventory.reason)}`);
  if (findings.status === "fulfilled") {
    const unused = findings.value.findings.filter((f) => f.kind === "unused");
    summary.openFindings = findings.value.findings.length;
    summary.unusedCount = unused.length;
    summary.unusedBytes = unused.reduce((sum, f) => sum + (f.sizeBytes ?? 0), 0);
  } else problems.push(`findings: ${message(findings.reason)}`);
  return summary;
}

/**
 * Every target at a glance: health of each of its servers (reachable, last sample, stats
 * window), index count and size, unused indexes, open findings and running actions. Targets
 * are read four at a time; a store that is down blanks the store's figures, not the page.
 */
export function getFleetSummary(): Promise<FleetSummary> {
  // Ten viewers polling the Fleet page cost the targets what one does: share a fresh answer.
  // The configuration is read each time, so a broken file is reported at once.
  listTargetConfigs();
  const now = Date.now();
  const cached = shared.__indexwatchFleetSummary;
  if (cached && now - cached.at < SHARE_FOR_MS) return cached.summary;
  const summary = readFleetSummary();
  shared.__indexwatchFleetSummary = { at: now, summary };
  summary.catch(() => {
    if (shared.__indexwatchFleetSummary?.summary === summary) shared.__indexwatchFleetSummary = undefined;
  });
  return summary;
}

const SHARE_FOR_MS = 10_000;
const shared = globalThis as unknown as {
  __indexwatchFleetSummary?: { at: number; summary: Promise<FleetSummary> };
};

async function readFleetSummary(): Promise<FleetSummary> {
  const targets = listTargetConfigs();
  const serverIds = targets.flatMap((t) => serversOf(t).map((s) => s.serverId));
  let states = new Map<string, SamplerStateRow>();
  let actions: Map<string, number> | null = null;
  let storeAvailable = false;
  if (env().STORE_URL) {
    try {
      states = await readSamplerStates(storePool(), serverIds);
      storeAvailable = true;
      actions = await readRunningActionCounts(
        storePool(),
        targets.map((t) => t.id),
      ).catch(() => null);
    } catch (error) {
      console.error(`[indexwatch] fleet: store unreadable: ${message(error)}`);
    }
  }
  const summaries = await mapLimited(targets, 4, (t) => summarize(t, states, actions, storeAvailable));
  return { generatedAt: new Date().toISOString(), storeAvailable, targets: summaries };
}
