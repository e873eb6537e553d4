import { env } from "@/lib/config/env";
import { NotFoundError } from "@/lib/errors";
import { loadTargetsFile, type StandbyConfig } from "./config-file";
import { discoveredTargets } from "./discovered";

export type { StandbyConfig } from "./config-file";

export interface TargetConfig {
  id: string;
  name: string;
  /** Monitoring connection: read-only role (pg_monitor is enough). */
  url: string;
  /** Connection for actions (REINDEX, DROP), when it differs from `url`. */
  actionUrl?: string;
  /** Connection for generic plans (a role with pg_read_all_data); plans are off without it. */
  explainUrl?: string;
  /** Streaming standbys: each is sampled as a server of its own. */
  standbys?: StandbyConfig[];
}

function databaseNameOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.replace(/^\//, "")) || "postgres";
  } catch {
    return "database";
  }
}

function singleTarget(): TargetConfig[] {
  const e = env();
  if (!e.DATABASE_URL) return [];
  return [
    {
      id: e.TARGET_ID ?? (e.INDEXWATCH_DEMO ? "demo" : "main"),
      name: e.TARGET_NAME ?? (e.INDEXWATCH_DEMO ? "Demo: invitations app" : databaseNameOf(e.DATABASE_URL)),
      url: e.DATABASE_URL,
      ...(e.ACTION_DATABASE_URL ? { actionUrl: e.ACTION_DATABASE_URL } : {}),
      ...(e.EXPLAIN_DATABASE_URL ? { explainUrl: e.EXPLAIN_DATABASE_URL } : {}),
    },
  ];
}

/**
 * The targets this process watches: those of indexwatch.config.json (or INDEXWATCH_CONFIG)
 * plus the databases discovered on their servers; without a file, DATABASE_URL alone means
 * a single target. A bad file throws, naming the field at fault.
 */
export function listTargetConfigs(): TargetConfig[] {
  const fromFile = loadTargetsFile();
  if (!fromFile) return singleTarget();
  const listed: TargetConfig[] = fromFile.map((t) => ({
    id: t.id,
    name: t.name,
    url: t.url,
    ...(t.actionUrl ? { actionUrl: t.actionUrl } : {}),
    ...(t.explainUrl ? { explainUrl: t.explainUrl } : {}),
    ...(t.standbys.length ? { standbys: t.standbys } : {}),
  }));
  const ids = new Set(listed.map((t) => t.id));
  for (const extra of discoveredTargets()) {
    if (ids.has(extra.id)) continue;
    ids.add(extra.id);
    listed.push(extra);
  }
  return listed;
}

export function getTargetConfig(id: string): TargetConfig {
  const target = listTargetConfigs().find((t) => t.id === id);
  if (!target) throw new NotFoundError(`no target with id "${id}"`);
  return target;
}
