import pg from "pg";
import { z } from "zod";
import { queryRows } from "@/lib/db/query";
import { loadTargetsFile, type ResolvedTarget } from "./config-file";
import { setDiscoveredTargets } from "./discovered";
import type { TargetConfig } from "./registry";

/** A database name as a target-id suffix: lower-case, dashes, within the id's 63 characters. */
export function databaseSlug(datname: string): string {
  return (
    datname
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "") || "db"
  );
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

/** The other databases of a target's server that can be connected to (templates left out). */
async function otherDatabases(target: ResolvedTarget): Promise<TargetConfig[]> {
  const client = new pg.Client({
    connectionString: target.url,
    application_name: "indexwatch-discovery",
    connectionTimeoutMillis: 5_000,
    statement_timeout: 5_000,
  });
  await client.connect();
  try {
    const rows = await queryRows(
      client,
      "discovery_databases",
      `SELECT datname FROM pg_database
        WHERE datallowconn AND NOT datistemplate AND datname <> current_database()
          AND has_database_privilege(datname, 'CONNECT')
        ORDER BY datname`,
      [],
      z.object({ datname: z.string() }),
    );
    return rows.map((r) => ({
      id: `${target.id}-${databaseSlug(r.datname)}`.slice(0, 63).replace(/-+$/, ""),
      name: `${target.name} / ${r.datname}`,
      url: withDatabase(target.url, r.datname),
      ...(target.actionUrl ? { actionUrl: withDatabase(target.actionUrl, r.datname) } : {}),
      ...(target.explainUrl ? { explainUrl: withDatabase(target.explainUrl, r.datname) } : {}),
    }));
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * For targets with `"discoverDatabases": true`, adds every other database of their server as
 * a target of its own (run once at start; a server that does not answer adds nothing).
 */
export async function discoverDatabases(log: (m: string) => void = console.log): Promise<TargetConfig[]> {
  const file = loadTargetsFile() ?? [];
  const found: TargetConfig[] = [];
  for (const target of file.filter((t) => t.discoverDatabases)) {
    try {
      const extra = await otherDatabases(target);
      found.push(...extra);
      log(`[indexwatch] discovered ${extra.length} more database(s) on ${target.id}`);
    } catch (error) {
      log(
        `[indexwatch] discovery on ${target.id} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  setDiscoveredTargets(found);
  return found;
}
