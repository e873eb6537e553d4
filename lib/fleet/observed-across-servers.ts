import type pg from "pg";
import { getObservedUsage, type ObservedUsage } from "@/lib/store/observed-usage";
import type { TargetConfig } from "@/lib/targets/registry";
import { serversOf, type TargetServer } from "@/lib/targets/servers";

const DAY_MS = 86_400_000;
/** How far a standby's last poll may trail the primary's before its window counts as cut short. */
const END_TOLERANCE_MS = 30 * 60_000;

export interface ServerObservation {
  serverId: string;
  role: "primary" | "standby";
  observed: boolean;
  complete: boolean;
  since: string | null;
  /** Why this server does not cover the window, when it does not. */
  gap: string | null;
}

export interface ObservedAcrossServers extends ObservedUsage {
  servers: ServerObservation[];
  /** Scans per index (by the primary's OID) on each server, by server id: the sum's parts. */
  byServer: Map<number, Record<string, number>>;
}

const nameKey = (i: { schema: string; table: string; name: string }) =>
  `${i.schema}\u0000${i.table}\u0000${i.name}`;

/**
 * A target's observed usage summed over its primary and every standby: an index scanned only
 * on a replica is used. The window is the primary's; it is complete only when every standby
 * was observed, without gaps, from its start to its end. Indexes are matched by name (a
 * physical standby has the primary's catalog) and keyed by the primary's OIDs.
 */
export async function getObservedUsageAcrossServers(
  target: TargetConfig,
  pool: pg.Pool,
  options: { includeSimulated?: boolean } = {},
): Promise<ObservedAcrossServers | null> {
  const servers = serversOf(target);
  const usages = await Promise.all(
    servers.map((s, i) => getObservedUsage(s.serverId, pool, i === 0 ? options : {})),
  );
  return mergeServerUsage(servers, usages);
}

/** The pure part: `usages[i]` is what the store holds for `servers[i]` (the primary first). */
export function mergeServerUsage(
  servers: readonly TargetServer[],
  usages: readonly (ObservedUsage | null)[],
): ObservedAcrossServers | null {
  const primaryServer = servers[0];
  const primary = usages[0];
  if (!primary || !primaryServer) return null;
  const windowStart = Date.parse(primary.since);
  const windowEnd = windowStart + primary.days * DAY_MS;
  const indexes = new Map([...primary.indexes].map(([oid, usage]) => [oid, { ...usage }]));
  const byName = new Map([...indexes.values()].map((u) => [nameKey(u), u]));
  const byServer = new Map(
    [...primary.indexes].map(([oid, u]) => [
      oid,
      { [primaryServer.serverId]: u.scans } as Record<string, number>,
    ]),
  );
  const observations: ServerObservation[] = [];
  let complete = primary.complete;
  servers.forEach((server, i) => {
    const usage = usages[i] ?? null;
    let gap: string | null = null;
    if (!usage) gap = "never sampled";
    else if (!usage.complete) gap = "unreachable or not stored for part of the window";
    else if (Date.parse(usage.since) > windowStart + END_TOLERANCE_MS)
      gap = `observed only since ${usage.since}`;
    else if (Date.parse(usage.since) + usage.days * DAY_MS < windowEnd - END_TOLERANCE_MS)
      gap = "its samples stop before the window ends";
    if (server.role === "standby") {
      if (gap) complete = false;
      for (const scanned of usage?.indexes.values() ?? []) {
        const same = byName.get(nameKey(scanned));
        if (!same) continue;
        same.scans += scanned.scans;
        const parts = byServer.get(same.oid);
        if (parts) parts[server.serverId] = scanned.scans;
      }
    }
    observations.push({
      serverId: server.serverId,
      role: server.role,
      observed: usage !== null,
      complete: gap === null,
      since: usage?.since ?? null,
      gap,
    });
  });
  return { ...primary, indexes, complete, servers: observations, byServer };
}
