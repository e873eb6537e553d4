/**
 * `npm start`: with no configuration, starts the embedded PostgreSQL holding the demo
 * database and its workload, builds the app when its sources changed, and serves it.
 * With DATABASE_URL set it watches that database instead and loads no demo; with
 * STORE_URL set too, no embedded server starts at all. It prints a few lines (the build's
 * output goes to INDEXWATCH_DATA_DIR/build.log), says "ready" once the dashboard answers,
 * and restarts the dashboard server when it dies (scripts/supervise-server.ts).
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import pg from "pg";
import { HOW_TO_ADD_AN_OPERATOR, operatorConfigured } from "../lib/auth/operator-configured";
import { readEnv } from "../lib/config/env";
import { createPool } from "../lib/db/pool";
import { type EmbeddedServer, ensureDatabase, startEmbeddedServer } from "../lib/demo/embedded-server";
import { waitForFirstWorkloadRound } from "../lib/demo/first-round";
import { isDemoLoaded, loadDemoData } from "../lib/demo/load";
import { ensureMonitorRole } from "../lib/demo/monitor-role";
import { ensureStatementsExtension } from "../lib/demo/statements-extension";
import { startWorkload } from "../lib/demo/workload";
import { setUpDemoFleet } from "../lib/fleet/demo-fleet";
import { ensureBuild, nextBin } from "./build-if-stale";
import { liveLine, log, progressLine } from "./console";
import { superviseServer } from "./supervise-server";

const DEMO_DATABASE = "indexwatch_demo";
const STORE_DATABASE = "indexwatch";
/** What to stop on the way out, in order: the workload before PostgreSQL. */
const cleanups: Array<() => Promise<void>> = [];

let stopping = false;

/**
 * Ctrl-C, a SIGTERM from a supervisor, a failed start, or a server that keeps dying: stop
 * what was started so far (the server first, as it may be writing history, then the
 * workload, then PostgreSQL), so nothing is left running, and exit.
 */
async function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  for (const cleanup of cleanups.splice(0))
    await cleanup().catch((error) => log(`while stopping: ${String(error)}`));
  if (code !== 0) log("stopped");
  process.exit(code);
}

async function main() {
  const env = readEnv();
  const startedAt = Date.now();
  const childEnv: NodeJS.ProcessEnv = { ...process.env, PORT: String(env.PORT) };
  let generatedPassword: string | undefined;

  let embedded: EmbeddedServer | undefined;
  if (!env.DATABASE_URL || !env.STORE_URL) {
    const dir = path.resolve(env.INDEXWATCH_DATA_DIR, "postgres");
    embedded = await startEmbeddedServer({ dir, port: env.INDEXWATCH_PG_PORT, log });
    cleanups.push(() => (embedded as EmbeddedServer).stop());
    log(`embedded PostgreSQL on port ${env.INDEXWATCH_PG_PORT} (data in ${dir})`);
  }

  if (!env.DATABASE_URL && embedded) {
    const demoUrl = embedded.url(DEMO_DATABASE);
    await ensureDatabase(embedded.url("postgres"), DEMO_DATABASE);
    const loadedNow = await loadDemoIfNeeded(demoUrl);
    await ensureStatementsExtension(demoUrl, { forgetLoad: loadedNow });
    childEnv.DATABASE_URL = await ensureMonitorRole(
      demoUrl,
      path.resolve(env.INDEXWATCH_DATA_DIR, "postgres", "monitor-password"),
    );
    childEnv.ACTION_DATABASE_URL ??= demoUrl;
    // The demo plans its workload's statements with its superuser (EXPLAIN only, read-only).
    childEnv.EXPLAIN_DATABASE_URL ??= demoUrl;
    childEnv.INDEXWATCH_DEMO = "1";
    if (env.DEMO_TARGETS === 2)
      Object.assign(childEnv, await setUpDemoFleet(embedded, env.INDEXWATCH_DATA_DIR, log));
    if (!env.OPERATOR_PASSWORD) {
      // Like a notebook token: a fresh operator password each start, shown once (with the
      // URL, once the dashboard answers), never written down.
      generatedPassword = randomBytes(12).toString("base64url");
      childEnv.OPERATOR_PASSWORD = generatedPassword;
    }
    if (env.DEMO_WORKLOAD) {
      const workloadPool = createPool(demoUrl, { applicationName: "indexwatch-demo-workload", max: 2 });
      let patternsRun = 0;
      const workload = startWorkload(workloadPool, {
        onError: (error) => log(`demo workload: ${error instanceof Error ? error.message : String(error)}`),
        onPattern: () => {
          patternsRun++;
        },
      });
      cleanups.unshift(async () => {
        await workload.stop();
        await workloadPool.end();
      });
      log("demo workload running (DEMO_WORKLOAD=off stops it)");
      // Its counters were reset at the end of the load: the simulated past the app seeds
      // follows what they show scanned, so let the workload play a round first.
      if (loadedNow) await waitForFirstWorkloadRound(workloadPool, () => patternsRun);
    }
  }

  if (!env.STORE_URL && embedded) {
    await ensureDatabase(embedded.url("postgres"), STORE_DATABASE);
    childEnv.STORE_URL = embedded.url(STORE_DATABASE);
  }

  // Against a database of yours no password is generated: say now if no one could act.
  const nobodyCanAct = !childEnv.OPERATOR_PASSWORD && !env.READ_ONLY && !(await operatorConfigured());

  const dev = process.env.INDEXWATCH_DEV === "1";
  if (!dev) {
    const buildLog = path.resolve(env.INDEXWATCH_DATA_DIR, "build.log");
    await ensureBuild(buildLog, liveLine(`build log: ${buildLog}`));
  }

  const url = servedAt(env.HOST, env.PORT);
  // Production runs our own server (scripts/serve.ts: binds HOST, records each client's
  // address); `next dev` binds HOST itself.
  const serverArgs = dev
    ? [nextBin(), "dev", "-p", String(env.PORT), "-H", env.HOST]
    : ["--import", "tsx", path.join(import.meta.dirname, "serve.ts")];
  const supervisor = superviseServer({
    spawnServer: () =>
      spawn(process.execPath, serverArgs, { env: childEnv, stdio: ["ignore", "pipe", "pipe"] }),
    probeUrl: `http://${probeHost(env.HOST)}:${env.PORT}/api/v1/targets`,
    log,
    onReady: (restarts) => {
      if (restarts > 0) {
        log(`ready again: ${url}`);
        return;
      }
      log(`ready in ${((Date.now() - startedAt) / 1000).toFixed(0)} s: ${url}`);
      if (!LOOPBACK.includes(env.HOST))
        log(`HOST=${env.HOST}: the dashboard is reachable beyond this machine (see README, Security)`);
      if (generatedPassword) {
        log(
          `operator password for this run: ${generatedPassword} (log in at ${url}/login as "operator"; OPERATOR_PASSWORD sets your own)`,
        );
      }
      if (nobodyCanAct)
        log(`no operator is configured, so no one can rebuild or drop indexes: ${HOW_TO_ADD_AN_OPERATOR}`);
    },
    onGiveUp: (reason) => {
      log(
        `${reason}; stopping${embedded ? " the embedded PostgreSQL" : ""}. The server's last output is above.`,
      );
      void stopAll(1);
    },
  });

  cleanups.unshift(() => supervisor.stop());
}

/** Where to ask whether the server answers: the address it binds to, loopback for "all". */
function probeHost(host: string | undefined): string {
  if (!host || host === "0.0.0.0" || host === "::") return "127.0.0.1";
  return host.includes(":") ? `[${host}]` : host;
}

const LOOPBACK = ["127.0.0.1", "::1", "localhost"];

/** Loopback is shown as localhost; anything else (HOST=0.0.0.0 exposes the app) as it is. */
function servedAt(host: string, port: number): string {
  if (LOOPBACK.includes(host)) return `http://localhost:${port}`;
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
}

/** Loads the demo unless it is there; true when it was loaded just now. */
async function loadDemoIfNeeded(demoUrl: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: demoUrl });
  await client.connect();
  try {
    if (await isDemoLoaded(client)) {
      log("demo database already loaded");
      return false;
    }
    log("loading the demo database (first start only)");
    const began = Date.now();
    await loadDemoData(client, (step, done, total) => progressLine(`demo data: ${step}`, done, total, began));
    log(`demo database loaded in ${((Date.now() - began) / 1000).toFixed(1)} s`);
    return true;
  } finally {
    await client.end();
  }
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void stopAll(0));
main().catch((error) => {
  console.error(`[indexwatch] start failed: ${error instanceof Error ? error.message : String(error)}`);
  void stopAll(1);
});
