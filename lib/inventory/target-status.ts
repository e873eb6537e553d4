import type pg from "pg";
import { getServerInfo, type ServerInfoRow } from "@/lib/catalog/server-info";
import { isConnectionError } from "@/lib/db/pool";
import { TargetBusyError, TargetTimeoutError, TargetUnreachableError } from "@/lib/errors";
import { monitoringPool } from "@/lib/targets/pools";
import type { TargetConfig } from "@/lib/targets/registry";

export interface StatsWindow {
  /** ISO-8601 from the database clock. */
  since: string;
  /** Where `since` comes from: an explicit reset, or the server start when never reset. */
  source: "stats_reset" | "postmaster_start";
}

export interface TargetStatus {
  id: string;
  name: string;
  reachable: boolean;
  serverVersion: string | null;
  serverVersionNum: number | null;
  inRecovery: boolean | null;
  statsSince: string | null;
  statsSinceSource: StatsWindow["source"] | null;
  /** Why the target is unreachable, when it is. */
  error: string | null;
}

export function statsWindowOf(info: ServerInfoRow): StatsWindow {
  return info.stats_reset
    ? { since: info.stats_reset.toISOString(), source: "stats_reset" }
    : { since: info.postmaster_started_at.toISOString(), source: "postmaster_start" };
}

/**
 * Turns a failure of a viewer's read into the typed error routes answer with: 503 "busy" when
 * every connection of the viewers' pool was taken (the target is fine, we are the queue), 504
 * when the target did not answer within the statement timeout, 503 "unreachable" when it
 * refused or dropped the connection. Anything else stays as it is (a bug to surface).
 */
export function asTargetError(target: TargetConfig, error: unknown): unknown {
  const reason = error instanceof Error ? error.message : String(error);
  if (isStatementTimeout(error)) {
    return new TargetTimeoutError(`target "${target.name}" did not answer in time: ${reason}`);
  }
  if (isConnectionError(error)) {
    const viewers = monitoringPool(target);
    if (/timeout exceeded when trying to connect/i.test(reason) && poolIsFull(viewers)) {
      return new TargetBusyError(
        `all ${viewers.totalCount} connections to target "${target.name}" are busy with other requests; try again shortly`,
      );
    }
    return new TargetUnreachableError(`target "${target.name}" is unreachable: ${reason}`);
  }
  return error;
}

/** statement_timeout (57014) on the server, or pg's own query_timeout on the client. */
function isStatementTimeout(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (error as { code?: unknown }).code === "57014" || /Query read timeout/i.test(error.message);
}

function poolIsFull(pool: pg.Pool): boolean {
  const max = (pool.options as { max?: number }).max ?? 10;
  return pool.totalCount >= max;
}

export async function fetchServerInfo(target: TargetConfig): Promise<ServerInfoRow> {
  try {
    return await getServerInfo(monitoringPool(target));
  } catch (error) {
    throw asTargetError(target, error);
  }
}

/** A target's status for the target list; an unreachable target is a state, not an error. */
export async function describeTarget(target: TargetConfig): Promise<TargetStatus> {
  try {
    const info = await fetchServerInfo(target);
    const window = statsWindowOf(info);
    return {
      id: target.id,
      name: target.name,
      reachable: true,
      serverVersion: info.version,
      serverVersionNum: info.version_num,
      inRecovery: info.in_recovery,
      statsSince: window.since,
      statsSinceSource: window.source,
      error: null,
    };
  } catch (error) {
    if (!(error instanceof TargetUnreachableError)) throw error;
    return {
      id: target.id,
      name: target.name,
      reachable: false,
      serverVersion: null,
      serverVersionNum: null,
      inRecovery: null,
      statsSince: null,
      statsSinceSource: null,
      error: error.message,
    };
  }
}
