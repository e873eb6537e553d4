/**
 * Time to REINDEX INDEX CONCURRENTLY a large index through the app (POST the action, the
 * page's progress polling of GET /api/v1/actions/{id} running all along) against the same
 * statement run directly with `pg`, on the same database, in one run, alternating.
 * Goal: at most 1.05x. Usage: npx tsx bench/reindex-concurrently.ts [rows]
 */
import { performance } from "node:perf_hooks";
import pg from "pg";
import { GET as getAction } from "../app/api/v1/actions/[id]/route";
import { POST as login } from "../app/api/v1/session/route";
import { POST as postAction } from "../app/api/v1/targets/[id]/actions/route";
import { closeActionConnections } from "../lib/actions/connection";
import { settled } from "../lib/actions/runner";
import { migrateStore } from "../lib/store/migrate";
import { actionsAuditMigration } from "../lib/store/migrations/0003_actions_audit";
import { actionsTruthMigration } from "../lib/store/migrations/0009_actions_truth";
import { startCluster } from "../test/support/pg-cluster";
import { ratioLine } from "./support/measure";

const ROWS = Number(process.argv[2] ?? 2_000_000);
const RUNS = 8;
const ORIGIN = "http://localhost";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

const cluster = await startCluster({
  major: 18,
  settings: {
    // The sort stays in memory: temp-file I/O on a shared disk made single runs 40% slower at random.
    maintenance_work_mem: "'512MB'",
    max_parallel_maintenance_workers: 0,
    // Each rebuild writes ~60 MB of WAL: no checkpoint may land inside one side's run only.
    max_wal_size: "'16GB'",
    checkpoint_timeout: "'1h'",
  },
});
try {
  await cluster.query("CREATE DATABASE bench");
  await cluster.query("CREATE DATABASE bench_store");
  const target = new pg.Client({ connectionString: cluster.url("bench") });
  await target.connect();
  console.log(
    `loading ${ROWS.toLocaleString("en-US")} activity log rows (the demo's largest table, scaled up)`,
  );
  await target.query(`
    CREATE TABLE accounts_useractivitylog (id bigint PRIMARY KEY, user_id bigint NOT NULL,
      activity_type varchar(30) NOT NULL, created_at timestamptz NOT NULL);
    INSERT INTO accounts_useractivitylog
      SELECT g, 1 + (random() * 9999)::int, 'LOGIN', now() - random() * interval '365 days'
        FROM generate_series(1, ${ROWS}) g;
    CREATE INDEX activity_user_created_idx ON accounts_useractivitylog (user_id, created_at DESC);`);
  await target.query("VACUUM ANALYZE accounts_useractivitylog");
  const size = await target.query(
    "SELECT pg_size_pretty(pg_relation_size('activity_user_created_idx')) AS s",
  );
  console.log(`index size ${size.rows[0]?.s}`);

  const store = new pg.Pool({ connectionString: cluster.url("bench_store") });
  await migrateStore(store, [actionsAuditMigration, actionsTruthMigration]);
  await store.end();
  Object.assign(process.env, {
    DATABASE_URL: cluster.url("bench"),
    ACTION_DATABASE_URL: cluster.url("bench"),
    TARGET_ID: "bench",
    STORE_URL: cluster.url("bench_store"),
    OPERATOR_PASSWORD: "bench-operator-password",
    SESSION_SECRET: "bench-session-secret-that-is-long-enough-000",
  });
  const session = await login(
    new Request(`${ORIGIN}/api/v1/session`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN },
      body: JSON.stringify({ username: "operator", password: "bench-operator-password" }),
    }),
  );
  const cookie = (session.headers.get("set-cookie") ?? "").split(";")[0] ?? "";

  const oid = async () =>
    Number(
      (await target.query("SELECT 'activity_user_created_idx'::regclass::oid::int8 AS oid")).rows[0]?.oid,
    );

  const STATEMENT = "REINDEX INDEX CONCURRENTLY public.activity_user_created_idx";
  /** On the bench's long-lived connection: warm, like the app's kept action connection. */
  async function direct(): Promise<number> {
    const began = performance.now();
    await target.query(STATEMENT);
    return performance.now() - began;
  }

  /** As someone would by hand: connect, run the statement, disconnect. */
  async function directOnNewConnection(): Promise<number> {
    const began = performance.now();
    const client = new pg.Client({ connectionString: cluster.url("bench") });
    await client.connect();
    try {
      await client.query(STATEMENT);
    } finally {
      await client.end();
    }
    return performance.now() - began;
  }

  async function throughApp(cold = false): Promise<number> {
    // Cold: no warm action connection, as for the first action after a quiet minute.
    if (cold) await closeActionConnections();
    const indexOid = await oid();
    const began = performance.now();
    const response = await postAction(
      new Request(`${ORIGIN}/api/v1/targets/bench/actions`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: ORIGIN, cookie },
        body: JSON.stringify({ kind: "reindex_index", oid: indexOid }),
      }),
      { params: Promise.resolve({ id: "bench" }) },
    );
    if (response.status !== 202)
      throw new Error(`POST answered ${response.status}: ${await response.text()}`);
    const { id } = (await response.json()) as { id: number };
    // The page's polling, every 500 ms (twice as often as the page does), while it runs.
    let done = false;
    let polls = 0;
    const polling = (async () => {
      while (!done) {
        const answer = await getAction(new Request(`${ORIGIN}/api/v1/actions/${id}`), {
          params: Promise.resolve({ id: String(id) }),
        });
        const body = (await answer.json()) as { status: string };
        polls++;
        if (body.status !== "queued" && body.status !== "running") break;
        await new Promise((r) => setTimeout(r, 500));
      }
    })();
    await settled(id);
    const elapsed = performance.now() - began;
    done = true;
    await polling;
    const final = (await (
      await getAction(new Request(`${ORIGIN}/x`), { params: Promise.resolve({ id: String(id) }) })
    ).json()) as { status: string; error: string | null };
    if (final.status !== "succeeded") throw new Error(`action ${id} ${final.status}: ${final.error}`);
    if (polls === 0) throw new Error("no progress poll ran");
    return elapsed;
  }

  function report(label: string, directTimes: number[], appTimes: number[]) {
    console.log(`${label} direct ms: ${directTimes.map((t) => t.toFixed(0)).join(", ")}`);
    console.log(`${label} app ms:    ${appTimes.map((t) => t.toFixed(0)).join(", ")}`);
    // The machine is shared: load drifts between runs, so the ratio of each adjacent pair says more than medians.
    const pairRatios = appTimes.map((t, i) => t / (directTimes[i] ?? Number.NaN));
    console.log(
      `${label} pairwise app/direct: ${pairRatios.map((r) => r.toFixed(2)).join(", ")}; median ${median(pairRatios).toFixed(2)}x`,
    );
    const line = `REINDEX INDEX CONCURRENTLY (${ROWS} rows, ${label} action connection)`;
    console.log(ratioLine(line, median(appTimes), median(directTimes), 1.05));
  }

  // One unmeasured round each, then alternate so that both see the same cache and load.
  await direct();
  await throughApp();
  const directTimes: number[] = [];
  const appTimes: number[] = [];
  // Each pair runs in the other order than the one before (direct-app, app-direct, …), so
  // what one rebuild leaves behind (dirty buffers, a checkpoint) weighs on both sides alike.
  for (let i = 0; i < RUNS; i++) {
    if (i % 2 === 0) {
      directTimes.push(await direct());
      appTimes.push(await throughApp());
    } else {
      appTimes.push(await throughApp());
      directTimes.push(await direct());
    }
  }
  report("warm", directTimes, appTimes);
  // The first action after a quiet minute connects anew; so does the statement run by hand.
  const coldDirect: number[] = [];
  const coldApp: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    if (i % 2 === 0) {
      coldDirect.push(await directOnNewConnection());
      coldApp.push(await throughApp(true));
    } else {
      coldApp.push(await throughApp(true));
      coldDirect.push(await directOnNewConnection());
    }
  }
  report("cold", coldDirect, coldApp);
  await target.end();
} finally {
  await cluster.destroy();
}
process.exit(0);
