import type { IndexFacts, UsageObservation } from "@/lib/analysis/types";
import { env } from "@/lib/config/env";
import { getObservedUsageAcrossServers } from "@/lib/fleet/observed-across-servers";
import { storePool } from "@/lib/store/pool";
import { getTargetConfig } from "@/lib/targets/registry";
import { liveObservation } from "./live-observation";

export interface ObservationOutcome {
  observation: UsageObservation;
  /** Why the history was not used, when it was not (shown beside the window). */
  note: string | null;
}

/**
 * The usage window the unused rule judges by: the stored history when there is one (across
 * resets and restarts) summed over the primary and its standbys, else the live statistics
 * window, labelled as such. A standby not observed the whole window makes it incomplete.
 */
export async function observeUsage(
  targetId: string,
  indexes: readonly IndexFacts[],
  live: { since: string; now: string },
): Promise<ObservationOutcome> {
  const target = getTargetConfig(targetId);
  const standbys = target.standbys?.length ?? 0;
  // The live statistics are the primary's alone: with standbys they cannot prove an index unused.
  const fallback = (note: string) => {
    const observation = liveObservation(indexes, live.since, live.now);
    if (!standbys) return { observation, note };
    return {
      observation: { ...observation, complete: false },
      note: `${note}; the standbys' scans are not in it`,
    };
  };
  if (!env().STORE_URL) return fallback("no history store configured (STORE_URL): live statistics only");
  let usage: Awaited<ReturnType<typeof getObservedUsageAcrossServers>>;
  try {
    // The demo's simulated past counts as evidence on the demo alone, labelled so.
    usage = await getObservedUsageAcrossServers(target, storePool(), {
      includeSimulated: env().INDEXWATCH_DEMO,
    });
  } catch (error) {
    return fallback(
      `the history store could not be read (${error instanceof Error ? error.message : String(error)}): live statistics only`,
    );
  }
  if (!usage) return fallback("no stored history for this target yet: live statistics only");
  const scans = new Map<number, { scans: number; firstSeenAt: string | null }>();
  for (const [oid, index] of usage.indexes)
    scans.set(oid, { scans: index.scans, firstSeenAt: index.firstSeenAt });
  if (usage.simulated) return { observation: withSimulatedPast(usage, usage.simulated, scans), note: null };
  if (!standbys && usage.complete) {
    const joined = joinServerWindow(indexes, scans, { since: usage.since, days: usage.days }, live);
    if (joined) return { observation: joined, note: null };
  }
  return {
    observation: { source: "history", since: usage.since, days: usage.days, complete: usage.complete, scans },
    note: standbys ? serversNote(usage.servers) : null,
  };
}

const DAY_MS = 86_400_000;

/**
 * The server's counters began before the history did, and no reset came between (were there
 * one, the counter window would begin after the history's start, or some counter would be
 * below the scans the history saw): then the live counters cover both stretches, and the
 * window reaches back to where they began. A primary alone: standbys keep counters of their own.
 */
export function joinServerWindow(
  indexes: readonly IndexFacts[],
  history: ReadonlyMap<number, { scans: number; firstSeenAt: string | null }>,
  historyWindow: { since: string; days: number },
  live: { since: string; now: string },
): UsageObservation | null {
  const serverStart = Date.parse(live.since);
  const historyStart = Date.parse(historyWindow.since);
  if (!(serverStart < historyStart)) return null;
  const scans = new Map<number, { scans: number; firstSeenAt: string | null }>();
  for (const index of indexes) {
    const seen = history.get(index.oid);
    if (index.liveScans === null) continue;
    if (seen && index.liveScans < seen.scans) return null;
    scans.set(index.oid, { scans: index.liveScans, firstSeenAt: seen?.firstSeenAt ?? null });
  }
  const serverDays = (historyStart - serverStart) / DAY_MS;
  return {
    source: "server_and_history",
    since: live.since,
    days: serverDays + historyWindow.days,
    sources: [
      { kind: "server", since: live.since, days: serverDays },
      { kind: "history", since: historyWindow.since, days: historyWindow.days },
    ],
    complete: true,
    scans,
  };
}

/**
 * The demo's window: its simulated past (which stands for the time before indexwatch first
 * polled it), then what indexwatch observed. Every stretch says which it is.
 */
export function withSimulatedPast(
  history: { since: string; days: number; complete: boolean },
  simulated: { since: string },
  scans: UsageObservation["scans"],
): UsageObservation {
  const simulatedDays = Math.max(0, (Date.parse(history.since) - Date.parse(simulated.since)) / DAY_MS);
  return {
    source: "simulated_and_history",
    since: simulated.since,
    days: simulatedDays + history.days,
    sources: [
      { kind: "simulated", since: simulated.since, days: simulatedDays },
      { kind: "history", since: history.since, days: history.days },
    ],
    complete: history.complete,
    scans,
  };
}

function serversNote(servers: { serverId: string; gap: string | null }[]): string {
  const gaps = servers.filter((s) => s.gap).map((s) => `${s.serverId}: ${s.gap}`);
  return gaps.length
    ? `not every server was observed the whole window (${gaps.join("; ")})`
    : `scans summed over ${servers.length} servers`;
}
