import { Counter, Gauge, Histogram, Registry } from "prom-client";
import { env } from "@/lib/config/env";
import { storePool } from "@/lib/store/pool";
import { listTargetConfigs } from "@/lib/targets/registry";
import { serversOf } from "@/lib/targets/servers";
import { readActionCounts, readActionDurations, readIndexMetrics, readSamplerHealth } from "./store-reads";

export const OTHER_INDEX = "other";
const ACTION_BUCKETS = [1, 5, 15, 60, 300, 900, 3_600, 4 * 3_600, 24 * 3_600];

/**
 * One scrape: a Registry of its own (never prom-client's global default), filled from what
 * the sampler and the audit log stored. Built fresh each time so that a dropped index or a
 * removed target leaves no stale series behind; the targets are not queried by a scrape.
 */
export async function collectMetrics(): Promise<Registry> {
  const registry = new Registry();
  const e = env();
  const targets = listTargetConfigs();
  const servers = targets.flatMap(serversOf);
  const targetOf = new Map(servers.map((s) => [s.serverId, s]));
  const registers = [registry];

  const configured = new Gauge({
    name: "indexwatch_target_configured",
    help: "A server indexwatch is configured to watch (1 per server; role is primary or standby).",
    labelNames: ["target", "server", "role"] as const,
    registers,
  });
  for (const s of servers) configured.set({ target: s.targetId, server: s.serverId, role: s.role }, 1);

  const storeUp = new Gauge({
    name: "indexwatch_store_up",
    help: "Whether the history store answered this scrape.",
    registers,
  });
  if (!e.STORE_URL) {
    storeUp.set(0);
    return registry;
  }
  const store = storePool();
  const serverIds = servers.map((s) => s.serverId);
  const targetIds = targets.map((t) => t.id);
  let reads: [
    Awaited<ReturnType<typeof readSamplerHealth>>,
    Awaited<ReturnType<typeof readIndexMetrics>>,
    Awaited<ReturnType<typeof readActionCounts>>,
    Awaited<ReturnType<typeof readActionDurations>>,
  ];
  try {
    reads = await Promise.all([
      readSamplerHealth(store, serverIds),
      readIndexMetrics(store, serverIds, e.METRICS_MAX_INDEX_SERIES),
      readActionCounts(store, targetIds),
      readActionDurations(store, targetIds),
    ]);
  } catch (error) {
    console.error(`[indexwatch] metrics: store unreadable: ${String(error)}`);
    storeUp.set(0);
    return registry;
  }
  storeUp.set(1);
  const [health, indexes, actionCounts, durations] = reads;
  const labelsOf = (serverId: string) => ({
    target: targetOf.get(serverId)?.targetId ?? serverId,
    server: serverId,
  });

  const up = new Gauge({
    name: "indexwatch_sampler_target_up",
    help: "1 when the sampler's last attempt reached the server, 0 when it could not.",
    labelNames: ["target", "server"] as const,
    registers,
  });
  const last = new Gauge({
    name: "indexwatch_sampler_last_sample_timestamp_seconds",
    help: "Database-clock time of the last poll stored for the server.",
    labelNames: ["target", "server"] as const,
    registers,
  });
  const lag = new Gauge({
    name: "indexwatch_sampler_lag_seconds",
    help: "Age of the last stored poll by the store's clock: how far behind the sampler is.",
    labelNames: ["target", "server"] as const,
    registers,
  });
  const indexCount = new Gauge({
    name: "indexwatch_target_indexes",
    help: "User indexes the last poll of the server counted.",
    labelNames: ["target", "server"] as const,
    registers,
  });
  const sampled = new Set<string>();
  for (const h of health) {
    const labels = labelsOf(h.id);
    sampled.add(h.id);
    up.set(labels, h.status === "ok" ? 1 : 0);
    if (h.last_poll_at) last.set(labels, h.last_poll_at.getTime() / 1000);
    if (h.lag_seconds !== null) lag.set(labels, Math.max(0, h.lag_seconds));
    if (h.index_count !== null) indexCount.set(labels, h.index_count);
  }
  // A configured server the sampler never reached is down as far as anyone can tell.
  for (const s of servers) if (!sampled.has(s.serverId)) up.set(labelsOf(s.serverId), 0);

  const indexLabels = ["target", "server", "schema", "table", "index"] as const;
  // A counter as PostgreSQL keeps it: cumulative, reset with the server's statistics (rate() copes).
  const scans = new Counter({
    name: "indexwatch_index_scans_total",
    help: `Cumulative idx_scan of the index on the server at the last poll (resets with the server's statistics). Per server, the ${e.METRICS_MAX_INDEX_SERIES} largest indexes have series of their own; index="${OTHER_INDEX}" sums the rest.`,
    labelNames: indexLabels,
    registers,
  });
  const size = new Gauge({
    name: "indexwatch_index_size_bytes",
    help: `Size of the index at its last sizing; index="${OTHER_INDEX}" sums the indexes without series of their own.`,
    labelNames: indexLabels,
    registers,
  });
  const folded = new Gauge({
    name: "indexwatch_index_other_count",
    help: `How many indexes the index="${OTHER_INDEX}" series of a server sum up.`,
    labelNames: ["target", "server"] as const,
    registers,
  });
  for (const row of indexes) {
    const base = labelsOf(row.server_id);
    const labels =
      row.index_name === null
        ? { ...base, schema: "", table: "", index: OTHER_INDEX }
        : { ...base, schema: row.schema_name ?? "", table: row.table_name ?? "", index: row.index_name };
    scans.inc(labels, row.scans);
    if (row.size_bytes !== null) size.set(labels, row.size_bytes);
    if (row.index_name === null) folded.set(base, row.indexes);
  }

  const actions = new Gauge({
    name: "indexwatch_actions",
    help: "Actions in the audit log by target, kind and status (queued and running ones are in flight).",
    labelNames: ["target", "kind", "status"] as const,
    registers,
  });
  for (const a of actionCounts) actions.set({ target: a.target_id, kind: a.kind, status: a.status }, a.n);
  const duration = new Histogram({
    name: "indexwatch_action_duration_seconds",
    help: "Run time of finished actions (REINDEX, DROP, clean-up), from the audit log.",
    labelNames: ["target", "kind"] as const,
    buckets: ACTION_BUCKETS,
    registers,
  });
  for (const d of durations) duration.observe({ target: d.target_id, kind: d.kind }, Math.max(0, d.seconds));
  return registry;
}
