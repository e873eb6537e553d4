/**
 * What deriving generic plans costs the target (issue 15 §2), on PostgreSQL 18 (and 14 with
 * --pg=14): a demo-like schema, `count` distinct parameterised statements (60 by default) in
 * pg_stat_statements and in the statement history, then plan cycles at the app's budget for a
 * 10 s interval (PLANS_PER_INTERVAL=5, 200 ms) until every statement is planned, then once more
 * after an index is created (the catalog changed: everything is re-derived).
 *
 * Measured: the planning wall time the cycle counts against its budget, and the CPU time of the
 * EXPLAIN connection's backend on the target (/proc/<pid>/stat, 10 ms ticks), per 10 s interval
 * as a share of one core. Goal: at most 2% of one core while plans are being derived; nothing
 * once they are (a cycle with nothing to plan sends the target nothing).
 *
 * Usage: npx tsx bench/plan-cycle.ts [--pg=14] [count]
 */
import { readFileSync } from "node:fs";
import pg from "pg";
import { createPool } from "../lib/db/pool";
import { planBudgetFor, runPlanCycle } from "../lib/plans/plan-cycle";
import { PLANS_FIXTURE_SQL } from "../lib/plans/plans-fixture";
import { sampleStatementsOnce } from "../lib/sampler/statement-sampler";
import { migrateStore } from "../lib/store/migrate";
import { type PgMajor, startCluster } from "../test/support/pg-cluster";

const INTERVAL_MS = 10_000;
const COLUMNS = ["id", "user_id", "status", "amount", "created_at"] as const;

/** Statement `i`: a distinct shape over the fixture's tables, with parameters. */
function statement(i: number): { text: string; values: unknown[] } {
  const selected = COLUMNS.slice(0, 1 + (i % COLUMNS.length)).join(", ");
  const filter = COLUMNS[Math.floor(i / COLUMNS.length) % COLUMNS.length] as string;
  const value = filter === "status" ? "PAID" : filter === "created_at" ? new Date() : 7;
  if (i % 3 === 2)
    return { text: `SELECT count(*) FROM activity_log WHERE user_id = $1 AND id > ${i}`, values: [i] };
  return {
    text: `SELECT ${selected} FROM invitations_order WHERE ${filter} = $1 ORDER BY created_at DESC LIMIT ${1 + i}`,
    values: [value],
  };
}

function backendCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  // utime and stime are fields 14 and 15 of the whole line: 12 and 13 after "pid (comm) ".
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function bench(major: PgMajor, count: number) {
  const cluster = await startCluster({ major });
  try {
    await cluster.query("CREATE DATABASE bench_plans");
    await cluster.query("CREATE DATABASE bench_store");
    await cluster.query(`CREATE EXTENSION pg_stat_statements; ${PLANS_FIXTURE_SQL}`, [], "bench_plans");
    const monitoring = createPool(cluster.url("bench_plans"), { applicationName: "indexwatch", max: 2 });
    const explain = createPool(cluster.url("bench_plans"), { applicationName: "indexwatch-plans", max: 1 });
    const store = new pg.Pool({ connectionString: cluster.url("bench_store"), max: 4 });
    await migrateStore(store);
    await store.query("INSERT INTO targets (id) VALUES ('bench')");
    const target = { id: "bench", pool: monitoring, settings: { top: 200, fullEveryMs: 60_000 } };
    await sampleStatementsOnce(target, store);
    const client = new pg.Client({ connectionString: cluster.url("bench_plans") });
    await client.connect();
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < count; i++) {
        const s = statement(i);
        await client.query(s.text, s.values);
      }
    }
    await client.end();
    await sampleStatementsOnce(target, store);
    const seen = await store.query(
      "SELECT count(*)::int AS n, count(*) FILTER (WHERE last_calls > 0)::int AS called FROM statement_identity",
    );
    console.log(
      `${count} statements run; the statement history holds ${seen.rows[0].n} distinct ones (with the sampler's own, ` +
        "which are refused without reaching the target: utility statements)",
    );

    const pid = Number((await explain.query("SELECT pg_backend_pid() AS pid")).rows[0].pid);
    const budget = planBudgetFor(INTERVAL_MS, 5);
    const cycles = async (label: string, version: string) => {
      const cpuBefore = backendCpuMs(pid);
      let planned = 0;
      let failed = 0;
      let wall = 0;
      let maxWall = 0;
      let intervals = 0;
      for (;;) {
        const report = await runPlanCycle({
          targetId: "bench",
          explain: { available: true, pool: explain },
          store,
          catalogVersion: version,
          budget,
        });
        intervals++;
        planned += report.planned;
        failed += report.failed;
        wall += report.planningMs;
        maxWall = Math.max(maxWall, report.planningMs);
        if (report.pending === 0) break;
      }
      const cpu = backendCpuMs(pid) - cpuBefore;
      const share = (x: number) => `${((100 * x) / (intervals * INTERVAL_MS)).toFixed(2)}%`;
      console.log(
        `${label}: ${planned} plans (${failed} failed) in ${intervals} intervals of ${INTERVAL_MS / 1000} s; ` +
          `planning wall ${wall.toFixed(1)} ms (max ${maxWall.toFixed(1)} ms per interval, budget ${budget.maxMs} ms), ` +
          `${(wall / Math.max(1, planned + failed)).toFixed(2)} ms per plan; target backend CPU ${cpu} ms = ` +
          `${share(cpu)} of one core over those intervals (wall: ${share(wall)}); goal ≤ 2%`,
      );
    };
    await cycles(`PostgreSQL ${major}, first derivation`, "v1");
    const pidAfter = Number((await explain.query("SELECT pg_backend_pid() AS pid")).rows[0].pid);
    if (pidAfter !== pid) throw new Error("the EXPLAIN connection changed: CPU not measured on one backend");
    const cpuBefore = backendCpuMs(pid);
    for (let i = 0; i < 10; i++) {
      await runPlanCycle({
        targetId: "bench",
        explain: { available: true, pool: explain },
        store,
        catalogVersion: "v1",
        budget,
      });
    }
    console.log(
      `steady state (nothing changed), 10 intervals: target backend CPU ${backendCpuMs(pid) - cpuBefore} ms`,
    );
    await cluster.query("CREATE INDEX bench_amount_idx ON invitations_order (amount)", [], "bench_plans");
    await cycles("after CREATE INDEX (catalog changed), re-derivation", "v2");
    await Promise.all([monitoring.end(), explain.end(), store.end()]);
  } finally {
    await cluster.destroy();
  }
}

const args = process.argv.slice(2);
const major = (args.includes("--pg=14") ? 14 : 18) as PgMajor;
const count = Number(args.find((a) => /^\d+$/.test(a)) ?? 60);
await bench(major, count);
