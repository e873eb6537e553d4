import pg from "pg";
import { claimActionSession, renameActionSession } from "@/lib/catalog/action-session";
import { env } from "@/lib/config/env";
import { createPool } from "@/lib/db/pool";
import { closeRegisteredPools, registeredPool } from "@/lib/db/pool-registry";
import type { TargetConfig } from "@/lib/targets/registry";

/**
 * Actions connect apart from monitoring: ACTION_DATABASE_URL, or the target's own URL when
 * none is set (its role must then own the tables, or have MAINTAIN on PG17+; the plan
 * refuses otherwise). The monitoring pool is never used to write.
 */
export function actionUrlOf(target: TargetConfig): { url: string; usingMonitoringRole: boolean } {
  return target.actionUrl
    ? { url: target.actionUrl, usingMonitoringRole: false }
    : { url: target.url, usingMonitoringRole: true };
}

/** Short catalog reads around actions (resolve, progress, cancel): never the action itself. */
export function actionSidePool(target: TargetConfig): pg.Pool {
  return registeredPool("action-side", target.id, actionUrlOf(target).url, (url) =>
    createPool(url, {
      applicationName: "indexwatch-actions",
      statementTimeoutMs: 10_000,
      lockTimeoutMs: 1_000,
      max: 3,
    }),
  );
}

export function actionApplicationName(id: number): string {
  return `indexwatch-action-${id}`;
}

/** How long a finished action's connection stays open for the next one (on-call often runs a few). */
const WARM_FOR_MS = 60_000;
const IDLE_NAME = "indexwatch-action-idle";

/**
 * Connections that actions run on, one action per connection at a time. A pool of its own,
 * without the query_timeout every other pool has (a build takes what it takes), kept warm
 * for a minute: a backend that has just rebuilt an index has its catalog caches and sort
 * memory ready for the next rebuild, and no connect sits in front of the statement.
 */
function actionClientPool(target: TargetConfig): pg.Pool {
  return registeredPool("action-run", target.id, actionUrlOf(target).url, (url) => {
    const pool = new pg.Pool({
      connectionString: url,
      application_name: IDLE_NAME,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: WARM_FOR_MS,
      // More concurrent rebuilds than this on one server is not something to queue for.
      max: 16,
      // A warm connection must not keep a CLI (bench, test runner) alive.
      allowExitOnIdle: true,
      // A build sends nothing for minutes: TCP keepalive is what notices a server that
      // vanished without closing the socket, so the run fails instead of waiting forever.
      keepAlive: true,
      keepAliveInitialDelayMillis: 30_000,
    });
    pool.on("error", () => {});
    return pool;
  });
}

export interface ActionConnection {
  client: pg.PoolClient;
  /** The backend's pid (read in the same round trip that names the session). */
  pid: number;
  /**
   * Gives the connection back: kept warm when its statement succeeded or never ran. After a
   * failure or a cancel it is closed, so no half-known session state (or a late cancel
   * signal) can reach the next action.
   */
  release(reusable: boolean): Promise<void>;
}

/**
 * A connection for an action, from the warm ones or new. Asked for as the action is
 * requested, so that connecting overlaps the request's own checks.
 */
export function checkoutActionClient(target: TargetConfig): Promise<pg.PoolClient> {
  return actionClientPool(target)
    .connect()
    .then((client) => {
      // A server that goes away mid-statement rejects the statement (the runner records that),
      // then ends the socket: an 'error' event no one listened to would kill the app process.
      if (!client.listeners("error").includes(ignoreLostConnection)) client.on("error", ignoreLostConnection);
      return client;
    });
}

function ignoreLostConnection(): void {}

/** Puts back a connection checked out for a run that stopped before using it. */
export function releaseUnused(checkout: Promise<pg.PoolClient> | undefined): void {
  checkout?.then(
    (client) => client.release(),
    () => undefined,
  );
}

/**
 * Makes a checked-out connection the action's own: its backend carries the action's
 * application_name (how a cancel from any app process finds it and nothing else), a
 * lock_timeout so it never queues behind a lock for long, and no statement timeout.
 */
export async function claimActionConnection(client: pg.PoolClient, id: number): Promise<ActionConnection> {
  let pid: number;
  try {
    ({ pid } = await claimActionSession(client, actionApplicationName(id), env().ACTION_LOCK_TIMEOUT_MS));
  } catch (error) {
    client.release(true);
    throw error;
  }
  return {
    client,
    pid,
    async release(reusable) {
      if (reusable) {
        try {
          // Off the action's name before anyone else may hold it.
          await renameActionSession(client, IDLE_NAME);
          client.release();
          return;
        } catch {
          // fall through: a connection that cannot answer this is not kept
        }
      }
      client.release(true);
    },
  };
}

/** Closes the warm action connections (shutdown, and the bench's cold runs). */
export function closeActionConnections(): Promise<void> {
  return closeRegisteredPools("action-run");
}
