import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, serverMajor, type TestDatabase } from "@/test/support/test-database";
import { type GenericPlanResult, planGeneric } from "./generic-plan";
import { type PlanSummary, walkPlan } from "./plan-walk";
import { PLANS_FIXTURE_SQL } from "./plans-fixture";

let db: TestDatabase;
/** One connection, so the tests can see what planning leaves on it. */
let single: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase("plans");
  await db.pool.query(PLANS_FIXTURE_SQL);
  single = new pg.Pool({ connectionString: db.url, max: 1 });
});

afterAll(async () => {
  await single.end();
  await db.drop();
});

function summaryOf(result: GenericPlanResult): PlanSummary {
  if (!result.ok) throw new Error(`planning failed: ${result.reason}: ${result.message}`);
  const walked = walkPlan(result.plan);
  if (!walked.ok) throw new Error(walked.reason);
  return walked.summary;
}

const indexNames = (summary: PlanSummary) => summary.indexes.map((i) => i.indexName).sort();

describe("planGeneric", () => {
  it("plans a parameterised SELECT with the method of the server's version", async () => {
    const result = await planGeneric(
      single,
      "SELECT id, amount FROM invitations_order WHERE user_id = $1 AND status = $2 ORDER BY created_at DESC",
    );
    expect(result.ok && result.method).toBe(serverMajor() >= 16 ? "generic_plan" : "prepared_generic");
    const summary = summaryOf(result);
    expect(summary.indexes).toEqual([
      expect.objectContaining({
        indexName: "orders_user_status_idx",
        relation: "invitations_order",
        schema: "public",
      }),
    ]);
    expect(summary.totalCost).toBeGreaterThan(0);
  });

  it("plans texts pg_stat_statements left unparsable: a typed literal and an EXTRACT field as parameters", async () => {
    const summary = summaryOf(
      await planGeneric(
        single,
        `SELECT id, extract($3 FROM created_at) FROM invitations_order
          WHERE user_id = $1 AND status = $2 AND created_at > now() - interval $4`,
      ),
    );
    expect(summary.indexes.map((i) => i.indexName)).toContain("orders_user_status_idx");
  });

  it("lets a caller change the planner's world inside the transaction (what-if), and undo it after", async () => {
    const text = "SELECT id FROM invitations_order WHERE user_id = $1 AND status = $2";
    const plain = summaryOf(await planGeneric(single, text));
    expect(plain.indexes.map((i) => i.indexName)).toContain("orders_user_status_idx");
    let undone = false;
    const without = summaryOf(
      await planGeneric(single, text, {
        beforePlan: async (client) => {
          await client.query("SET LOCAL enable_indexscan = off");
          await client.query("SET LOCAL enable_bitmapscan = off");
        },
        afterPlan: async () => {
          undone = true;
        },
      }),
    );
    expect(without.indexes).toEqual([]);
    expect(without.seqScans.map((s) => s.relation)).toEqual(["invitations_order"]);
    expect(without.totalCost).toBeGreaterThan(plain.totalCost);
    expect(undone).toBe(true);
    const failing = await planGeneric(single, text, {
      beforePlan: async () => {
        throw new Error("hypopg is not installed");
      },
    });
    expect(failing).toMatchObject({ ok: false, reason: "error", message: "hypopg is not installed" });
  });

  it("finds each partition's index under an Append", async () => {
    const summary = summaryOf(
      await planGeneric(single, "SELECT count(*) FROM activity_log WHERE user_id = $1"),
    );
    const partitions = summary.indexes.map((i) => i.relation).sort();
    expect(partitions).toEqual(["activity_log_new", "activity_log_old"]);
    expect(
      summary.indexes.every(
        (i) => i.schema === "public" && /^activity_log_(new|old)_user_id_idx$/.test(i.indexName),
      ),
    ).toBe(true);
  });

  it("finds the index inside a materialized CTE", async () => {
    const summary = summaryOf(
      await planGeneric(
        single,
        `WITH mine AS MATERIALIZED (SELECT id, amount FROM invitations_order WHERE user_id = $1 AND status = $2)
         SELECT sum(amount) FROM mine`,
      ),
    );
    expect(indexNames(summary)).toContain("orders_user_status_idx");
  });

  it("finds the index inside a correlated subplan", async () => {
    const summary = summaryOf(
      await planGeneric(
        single,
        `SELECT a.id, (SELECT max(o.amount) FROM invitations_order o WHERE o.user_id = a.user_id AND o.status = $2)
         FROM activity_log a WHERE a.id = $1`,
      ),
    );
    expect(indexNames(summary)).toContain("orders_user_status_idx");
  });

  it("reports a sequential scan with its filter and the sort over it", async () => {
    const summary = summaryOf(
      await planGeneric(single, "SELECT id FROM invitations_order WHERE amount > $1 ORDER BY amount"),
    );
    const scan = summary.seqScans.find((s) => s.relation === "invitations_order");
    expect(scan?.schema).toBe("public");
    expect(scan?.filter).toMatch(/amount > \$1/);
    expect(scan?.rows).toBeGreaterThan(1000);
    expect(scan?.sortKeys.join(" ")).toMatch(/amount/);
  });

  it("plans writes without executing them, and leaves no prepared statement behind", async () => {
    const before = await db.pool.query("SELECT count(*)::int AS n FROM invitations_order WHERE amount = 0");
    for (const text of [
      "UPDATE invitations_order SET amount = 0 WHERE id = $1",
      "DELETE FROM invitations_order WHERE user_id = $1",
      "INSERT INTO invitations_order (user_id, status, amount, created_at) VALUES ($1, $2, $3, now())",
      "SELECT nextval('plans_fixture_seq')",
    ]) {
      const result = await planGeneric(single, text);
      expect(result.ok, `${text}: ${result.ok ? "" : result.message}`).toBe(true);
    }
    const after = await db.pool.query("SELECT count(*)::int AS n FROM invitations_order WHERE amount = 0");
    expect(after.rows[0].n).toBe(before.rows[0].n);
    const seq = await db.pool.query("SELECT last_value::int, is_called FROM plans_fixture_seq");
    expect(seq.rows[0].is_called).toBe(false);
    const prepared = await single.query("SELECT count(*)::int AS n FROM pg_prepared_statements");
    expect(prepared.rows[0].n).toBe(0);
    // The SET LOCALs ended with the transaction: the pooled connection is back to its defaults.
    const tx = await single.query(
      "SELECT current_setting('transaction_read_only') AS ro, current_setting('statement_timeout') AS st",
    );
    expect(tx.rows[0]).toEqual({ ro: "off", st: "0" });
  });

  it("refuses utility statements and more than one statement without asking the server", async () => {
    for (const text of [
      "VACUUM invitations_order",
      "SELECT 1; COMMIT",
      "CREATE TABLE x (a int)",
      "SET work_mem = '1GB'",
      "EXPLAIN SELECT 1",
      "",
    ]) {
      const result = await planGeneric(single, text);
      expect(result).toMatchObject({ ok: false, reason: "refused" });
    }
  });

  it("turns a server error into a typed result: unknown table, no privilege, a held lock", async () => {
    expect(await planGeneric(single, "SELECT * FROM no_such_table WHERE id = $1")).toMatchObject({
      ok: false,
      reason: "error",
      message: expect.stringContaining("no_such_table"),
    });

    const role = `plans_nobody_${db.name}`;
    await db.pool.query(`CREATE ROLE ${role} LOGIN PASSWORD 'x'`);
    try {
      const url = new URL(db.url);
      url.username = role;
      url.password = "x";
      const nobody = new pg.Pool({ connectionString: url.toString(), max: 1 });
      const denied = await planGeneric(nobody, "SELECT id FROM invitations_order WHERE user_id = $1");
      await nobody.end();
      expect(denied).toMatchObject({ ok: false, reason: "permission" });
    } finally {
      await db.pool.query(`DROP ROLE ${role}`);
    }

    const holder = await db.pool.connect();
    try {
      await holder.query("BEGIN");
      await holder.query("LOCK TABLE invitations_order IN ACCESS EXCLUSIVE MODE");
      const locked = await planGeneric(single, "SELECT id FROM invitations_order WHERE user_id = $1", {
        lockTimeoutMs: 50,
      });
      expect(locked).toMatchObject({ ok: false, reason: "lock_timeout" });
    } finally {
      await holder.query("ROLLBACK");
      holder.release();
    }
  });
});
