/**
 * `npm start`: with no configuration, starts the embedded PostgreSQL holding the demo
 * database and its workload, builds the app when its sources changed, and serves it.
 * With DATABASE_URL set it watches that database instead and loads no demo; with
 * STORE_URL set too, no embedded server starts at all.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import pg from "pg";
import { readEnv } from "../lib/config/env";
import { createPool } from "../lib/db/pool";
import { type EmbeddedServer, ensureDatabase, startEmbeddedServer } from "../lib/demo/embedded-server";
import { isDemoLoaded, loadDemoData } from "../lib/demo/load";
import { ensureMonitorRole } from "../lib/demo/monitor-role";
import { startWorkload } from "../lib/demo/workload";
import { setUpDemoFleet } from "../lib/fleet/demo-fleet";
import { ensureBuild, nextBin } from "./build-if-stale";
import { log, progressLine } from "./console";

const DEMO_DATABASE = "indexwatch_demo";
const STORE_DATABASE = "indexwatch";

async function main() {
  const env = readEnv();
  const startedAt = Date.now();
  const childEnv: NodeJS.ProcessEnv = { ...process.env, PORT: String(env.PORT) };
  const cleanups: Array<() => Promise<void>> = [];

  let embedded: EmbeddedServer | undefined;
  if (!env.DATABASE_URL || !env.STORE_URL) {
    const dir = path.resolve(env.INDEXWATCH_DATA_DIR, "postgres");
    log(`starting the embedded PostgreSQL in ${dir} on port ${env.INDEXWATCH_PG_PORT}`);
    embedded = await startEmbeddedServer({ dir, port: env.INDEXWATCH_PG_PORT, log });
    cleanups.push(() => (embedded as EmbeddedServer).stop());
  }

  if (!env.DATABASE_URL && embedded) {
    const demoUrl = embedded.url(DEMO_DATABASE);
    await ensureDatabase(embedded.url("postgres"), DEMO_DATABASE);
    await loadDemoIfNeeded(demoUrl);
    childEnv.DATABASE_URL = await ensureMonitorRole(
      demoUrl,
      path.resolve(env.INDEXWATCH_DATA_DIR, "postgres", "monitor-password"),
    );
    childEnv.ACTION_DATABASE_URL ??= demoUrl;
    childEnv.INDEXWATCH_DEMO = "1";
    if (env.DEMO_TARGETS === 2)
      Object.assign(childEnv, await setUpDemoFleet(embedded, env.INDEXWATCH_DATA_DIR, log));
    if (!env.OPERATOR_PASSWORD) {
      // Like a notebook token: a fresh operator password each start, shown once, never written down.
      childEnv.OPERATOR_PASSWORD = randomBytes(12).toString("base64url");
      log(
        `operator password for this run: ${childEnv.OPERATOR_PASSWORD} (log in at /login as "operator"; OPERATOR_PASSWORD sets your own)`,
      );
    }
    if (env.DEMO_WORKLOAD) {
      const workloadPool = createPool(demoUrl, { applicationName: "indexwatch-demo-workload", max: 2 });
      const workload = startWorkload(workloadPool, {
        onError: (error) => log(`demo workload: ${error instanceof Error ? error.message : String(error)}`),
      });
      cleanups.unshift(async () => {
        await workload.stop();
        await workloadPool.end();
      });
      log("demo workload running (DEMO_WORKLOAD=off stops it)");
    }
  }

  if (!env.STORE_URL && embedded) {
    await ensureDatabase(embedded.url("postgres"), STORE_DATABASE);
    childEnv.STORE_URL = embedded.url(STORE_DATABASE);
  }

  const dev = process.env.INDEXWATCH_DEV === "1";
  if (!dev) await ensureBuild(log);

  log(`serving the dashboard on ${servedAt(env.HOST, env.PORT)}`);
  // Production runs our own server (scripts/serve.ts: binds HOST, records each client's
  // address); `next dev` binds HOST itself.
  const serverArgs = dev
    ? [nextBin(), "dev", "-p", String(env.PORT), "-H", env.HOST]
    : ["--import", "tsx", path.join(import.meta.dirname, "serve.ts")];
  const server = spawn(process.execPath, serverArgs, { env: childEnv, stdio: "inherit" });
  server.once("spawn", () =>
    log(`ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s of start-up work`),
  );
  shutDownWith(server, cleanups);
}

/** Loopback is shown as localhost; anything else (HOST=0.0.0.0 exposes the app) as it is. */
function servedAt(host: string, port: number): string {
  if (["127.0.0.1", "::1", "localhost"].includes(host)) return `http://localhost:${port}`;
  return `http://${host.includes(":") ? `[${host}]` : host}:${port} (HOST=${host}: reachable beyond this machine; see README, Security)`;
}

async function loadDemoIfNeeded(demoUrl: string) {
  const client = new pg.Client({ connectionString: demoUrl });
  await client.connect();
  try {
    if (await isDemoLoaded(client)) {
      log("demo database already loaded");
      return;
    }
    log("loading the demo database (first start only)");
    const began = Date.now();
    await loadDemoData(client, (step, done, total) => progressLine(`demo data: ${step}`, done, total, began));
    log(`demo database loaded in ${((Date.now() - began) / 1000).toFixed(1)} s`);
  } finally {
    await client.end();
  }
}

/**
 * Ctrl-C, a SIGTERM from a supervisor, or the server dying: stop the server first (it may
 * be writing history), then the workload, then PostgreSQL, so nothing is left running.
 */
function shutDownWith(server: ChildProcess, cleanups: Array<() => Promise<void>>) {
  let stopping = false;
  const serverExited = new Promise<void>((resolve) => server.once("exit", () => resolve()));
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    if (server.exitCode === null && server.signalCode === null) {
      server.kill("SIGTERM");
      const grace = setTimeout(() => server.kill("SIGKILL"), 10_000);
      await serverExited;
      clearTimeout(grace);
    }
    for (const cleanup of cleanups) await cleanup().catch((error) => log(`while stopping: ${String(error)}`));
    process.exit(code);
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void stop(0));
  server.on("exit", (code) => void stop(code ?? 0));
}

main().catch((error) => {
  console.error(`[indexwatch] start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
