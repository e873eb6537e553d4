import { env } from "@/lib/config/env";
import { NotFoundError } from "@/lib/errors";

export interface TargetConfig {
  id: string;
  name: string;
  /** Monitoring connection: read-only role (pg_monitor is enough). */
  url: string;
  /** Connection for actions (REINDEX, DROP), when it differs from `url`. */
  actionUrl?: string;
}

function databaseNameOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.replace(/^\//, "")) || "postgres";
  } catch {
    return "database";
  }
}

/** The targets this process watches. DATABASE_URL alone means a single target. */
export function listTargetConfigs(): TargetConfig[] {
  const e = env();
  if (!e.DATABASE_URL) return [];
  return [
    {
      id: e.TARGET_ID ?? (e.INDEXWATCH_DEMO ? "demo" : "main"),
      name: e.TARGET_NAME ?? (e.INDEXWATCH_DEMO ? "Demo: invitations app" : databaseNameOf(e.DATABASE_URL)),
      url: e.DATABASE_URL,
      ...(e.ACTION_DATABASE_URL ? { actionUrl: e.ACTION_DATABASE_URL } : {}),
    },
  ];
}

export function getTargetConfig(id: string): TargetConfig {
  const target = listTargetConfigs().find((t) => t.id === id);
  if (!target) throw new NotFoundError(`no target with id "${id}"`);
  return target;
}
