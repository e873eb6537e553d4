import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { controlCluster, freePort, type PgCluster, postgresUser } from "./pg-cluster";

/*
 * A real streaming standby of a test cluster, made with the same server binaries. The embedded
 * binaries ship no pg_basebackup, so the base backup is the low-level API: pg_backup_start
 * (pg_start_backup on 14) in one session, a filesystem copy of the data directory,
 * pg_backup_stop, whose backup_label goes into the copy. standby.signal and primary_conninfo
 * make it follow the primary over streaming replication.
 */

/** A real streaming standby of a test primary: a cluster that can also wait for replay. */
export interface Standby extends PgCluster {
  /** Waits until the standby has replayed everything the primary has written so far. */
  catchUp(): Promise<void>;
}

/** Removes the WAL files of the copy (the standby streams what it needs), keeping pg_wal's folders. */
function emptyWal(dataDir: string) {
  const wal = path.join(dataDir, "pg_wal");
  for (const entry of readdirSync(wal)) {
    const full = path.join(wal, entry);
    if (statSync(full).isFile()) unlinkSync(full);
  }
  mkdirSync(path.join(wal, "archive_status"), { recursive: true });
}

export async function startStandby(primary: PgCluster, name = "standby"): Promise<Standby> {
  const user = postgresUser();
  const root = mkdtempSync(path.join(os.tmpdir(), `indexwatch-${name}-`));
  const dataDir = path.join(root, "data");
  const port = await freePort();
  // Keep enough WAL for the copy to catch up whatever the tests write meanwhile.
  await primary.query("ALTER SYSTEM SET wal_keep_size = '256MB'");
  await primary.query("SELECT pg_reload_conf()");

  const session = new pg.Client({ connectionString: primary.url() });
  await session.connect();
  try {
    if (primary.major >= 15) await session.query("SELECT pg_backup_start($1, true)", [name]);
    else await session.query("SELECT pg_start_backup($1, true, false)", [name]);
    execFileSync("cp", ["-a", primary.dataDir, dataDir]);
    const stopped = await session.query<{ labelfile: string }>(
      primary.major >= 15
        ? "SELECT labelfile FROM pg_backup_stop(true)"
        : "SELECT labelfile FROM pg_stop_backup(false, true)",
    );
    const label = stopped.rows[0]?.labelfile;
    if (!label) throw new Error("the backup returned no backup_label");
    for (const file of ["postmaster.pid", "postmaster.opts", "backup_label.old"])
      rmSync(path.join(dataDir, file), { force: true });
    emptyWal(dataDir);
    writeFileSync(path.join(dataDir, "backup_label"), label);
  } finally {
    await session.end();
  }
  writeFileSync(path.join(dataDir, "standby.signal"), "");
  // The copy carries the primary's settings; the standby needs its own port and socket folder.
  const auto = path.join(dataDir, "postgresql.auto.conf");
  writeFileSync(
    auto,
    [
      `port = ${port}`,
      "listen_addresses = '127.0.0.1'",
      `unix_socket_directories = '${root}'`,
      "fsync = off",
      "hot_standby = on",
      `primary_conninfo = 'host=127.0.0.1 port=${primary.port} user=postgres application_name=${name}'`,
      "",
    ].join("\n"),
  );
  if (user) execFileSync("chown", ["-R", `${user.uid}:${user.gid}`, root]);

  const cluster = controlCluster({ major: primary.major, port, root, dataDir });
  const standby: Standby = {
    ...cluster,
    async catchUp() {
      const target = (await primary.query<{ lsn: string }>("SELECT pg_current_wal_lsn()::text AS lsn"))
        .rows[0]?.lsn;
      const deadline = Date.now() + 30_000;
      for (;;) {
        const r = await cluster.query<{ done: boolean }>(
          "SELECT coalesce(pg_last_wal_replay_lsn() >= $1::pg_lsn, false) AS done",
          [target],
        );
        if (r.rows[0]?.done) return;
        if (Date.now() > deadline) throw new Error(`standby ${name} did not replay up to ${target}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
  };
  await standby.start();
  return standby;
}
