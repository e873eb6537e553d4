import type pg from "pg";
import { listActionRows } from "@/lib/actions/audit-store";
import { addDays, weekChange } from "@/lib/analysis/rollup";
import { getSharedFindings } from "@/lib/findings/findings-cache";
import { storeToday } from "@/lib/store/usage-reads";
import { getWeeklyUsage, type WeeklyUsage } from "@/lib/store/weekly-reads";
import { getTargetConfig, listTargetConfigs, type TargetConfig } from "@/lib/targets/registry";
import { serversOf } from "@/lib/targets/servers";
import { type IsoWeek, lastCompletedWeek, weekOf } from "./iso-week";
import { readFindingBaseline, readSizeGrowth, readWeekEvents, saveFindingSnapshot } from "./store-reads";
import type { Digest, DigestFinding, DigestGrowth, DigestIndexUsage, TargetDigest } from "./types";

const TOP = 10;
const nameKey = (i: { schema: string; table: string; name: string }) =>
  `${i.schema}\u0000${i.table}\u0000${i.name}`;

interface Merged {
  schema: string;
  table: string;
  name: string;
  thisWeek: number;
  lastWeek: number;
  simulated: boolean;
  dropped: boolean;
}

/** Usage of the primary and every standby, summed per index (same catalog, same names). */
function mergeServers(usages: WeeklyUsage[]): Merged[] {
  const merged = new Map<string, Merged>();
  for (const usage of usages) {
    for (const row of usage.indexes) {
      const key = nameKey(row);
      const seen = merged.get(key);
      if (seen) {
        seen.thisWeek += row.thisWeek;
        seen.lastWeek += row.lastWeek;
        seen.simulated ||= row.simulated;
        seen.dropped &&= row.dropped;
      } else {
        merged.set(key, {
          schema: row.schema,
          table: row.table,
          name: row.name,
          thisWeek: row.thisWeek,
          lastWeek: row.lastWeek,
          simulated: row.simulated,
          dropped: row.dropped,
        });
      }
    }
  }
  return [...merged.values()];
}

function usageRow(m: Merged): DigestIndexUsage {
  const change = weekChange({ thisWeek: m.thisWeek, lastWeek: m.lastWeek });
  return {
    schema: m.schema,
    table: m.table,
    name: m.name,
    scans: m.thisWeek,
    lastWeekScans: m.lastWeek,
    changeRatio: change.changeRatio,
  };
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

async function findingsSection(
  store: pg.Pool,
  target: TargetConfig,
  week: IsoWeek,
  today: string,
): Promise<Pick<TargetDigest, "newFindings" | "openFindings" | "findingsNote">> {
  const current = weekOf(today);
  if (week.week !== current.week && week.week !== lastCompletedWeek(today).week) {
    return {
      newFindings: null,
      openFindings: null,
      findingsNote:
        "findings come from the live catalog: they are reported for the current and the last week only",
    };
  }
  let open: Awaited<ReturnType<typeof getSharedFindings>>["findings"];
  try {
    open = (await getSharedFindings(target.id)).findings;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      newFindings: null,
      openFindings: null,
      findingsNote: `findings could not be computed: ${reason}`,
    };
  }
  const baseline = await readFindingBaseline(store, target.id, current.week);
  await saveFindingSnapshot(
    store,
    target.id,
    current.week,
    open.map((f) => f.key),
  );
  const known = new Set(baseline?.keys ?? []);
  const fresh = open.filter((f) => !known.has(f.key));
  return {
    newFindings: fresh.map(
      (f): DigestFinding => ({
        key: f.key,
        kind: f.kind,
        schema: f.schema,
        table: f.table,
        index: f.index?.name ?? null,
        evidence: f.evidence,
        safeToDrop: f.safeToDrop,
      }),
    ),
    openFindings: open.length,
    findingsNote: baseline
      ? `new since the findings seen in ${baseline.week}`
      : "no earlier digest to compare with: every open finding is listed as new",
  };
}

/** One target's week: usage summed over its servers, size growth, findings and actions. */
export async function buildTargetDigest(
  store: pg.Pool,
  target: TargetConfig,
  week: IsoWeek,
  today: string,
): Promise<TargetDigest> {
  const servers = serversOf(target);
  const serverIds = servers.map((s) => s.serverId);
  // Two weeks ending on the digest's Sunday: "this week" and the week before, for the trends.
  const range = { from: addDays(week.from, -7), to: week.to, top: 0 };
  const usages = await Promise.all(serverIds.map((id) => getWeeklyUsage(store, id, range)));
  const observed = usages.filter((u): u is WeeklyUsage => u !== null);
  const complete = usages.every(
    (u) => u?.complete === true && u.observedSince !== null && u.observedSince.slice(0, 10) <= week.from,
  );
  const merged = mergeServers(observed).filter((m) => !m.dropped || m.thisWeek > 0);
  const mostUsed = merged
    .filter((m) => m.thisWeek > 0)
    .sort((a, b) => b.thisWeek - a.thisWeek || byName(a, b))
    .slice(0, TOP)
    .map(usageRow);
  const newlyUnused = merged
    .filter((m) => m.thisWeek === 0 && m.lastWeek > 0)
    .sort(byName)
    .map(usageRow);
  const newlyUsed = merged
    .filter((m) => m.thisWeek > 0 && m.lastWeek === 0)
    .sort(byName)
    .map(usageRow);

  // Sizes are the primary's: a physical standby's indexes are the same files.
  const growthRows = await readSizeGrowth(store, target.id, week.from, week.to);
  const growth: DigestGrowth[] = growthRows
    .map((g) => ({
      schema: g.schema_name,
      table: g.table_name,
      name: g.index_name,
      sizeBefore: g.size_before,
      sizeAfter: g.size_after,
      growthBytes: g.size_after - g.size_before,
    }))
    .filter((g) => g.growthBytes !== 0)
    .sort((a, b) => b.growthBytes - a.growthBytes || byName(a, b));

  const weekStart = Date.parse(`${week.from}T00:00:00Z`);
  const weekEnd = Date.parse(`${addDays(week.to, 1)}T00:00:00Z`);
  const actions = (await listActionRows(store, { targetId: target.id, limit: 1000 }))
    .filter((a) => a.requested_at.getTime() >= weekStart && a.requested_at.getTime() < weekEnd)
    .reverse()
    .map((a) => ({
      id: a.id,
      kind: a.kind,
      status: a.status,
      username: a.username,
      requestedAt: a.requested_at.toISOString(),
      schema: a.schema_name,
      table: a.table_name,
      index: a.index_name,
      durationMs: a.duration_ms,
    }));
  const events = (await readWeekEvents(store, serverIds, week.from, week.to)).map((e) => ({
    at: e.at.toISOString(),
    kind: e.kind,
    detail: e.detail,
    server: e.target_id,
  }));
  const thisWeekTotal = merged.reduce((sum, m) => sum + m.thisWeek, 0);
  return {
    targetId: target.id,
    name: target.name,
    servers: serverIds,
    complete,
    simulated: merged.some((m) => m.simulated),
    totals: {
      scans: thisWeekTotal,
      lastWeekScans: merged.reduce((sum, m) => sum + m.lastWeek, 0),
      indexes: merged.filter((m) => !m.dropped).length,
      usedIndexes: merged.filter((m) => m.thisWeek > 0).length,
    },
    mostUsed,
    newlyUnused,
    newlyUsed,
    growth: growth.slice(0, TOP),
    totalGrowthBytes: growth.reduce((sum, g) => sum + g.growthBytes, 0),
    ...(await findingsSection(store, target, week, today)),
    actions,
    events,
  };
}

/** The digest of one week for one target, or (targetId null) for every target of the fleet. */
export async function buildDigest(
  store: pg.Pool,
  week: IsoWeek | null,
  targetId: string | null,
): Promise<Digest> {
  const today = await storeToday(store);
  const chosen = week ?? lastCompletedWeek(today);
  const targets = targetId ? [getTargetConfig(targetId)] : listTargetConfigs();
  const digests: TargetDigest[] = [];
  // One target at a time: findings read each target's catalog.
  for (const target of targets) digests.push(await buildTargetDigest(store, target, chosen, today));
  return {
    week: chosen.week,
    from: chosen.from,
    to: chosen.to,
    scope: targetId ? "target" : "fleet",
    generatedAt: new Date().toISOString(),
    targets: digests,
  };
}
