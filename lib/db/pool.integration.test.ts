import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/support/test-database";
import { createPool } from "./pool";

/*
 * A server that goes away while one of our connections is checked out (a stopped standby,
 * a restart, an administrator's pg_terminate_backend) must cost that connection's caller an
 * error, never the process: pg emits 'error' on the client itself, which nobody else watches.
 */
describe("createPool", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase("pool_loss");
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("survives the server closing a checked-out connection: the caller gets the error, the pool goes on", async () => {
    const pool = createPool(db.url, { applicationName: "indexwatch-pool-test", max: 2 });
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on("uncaughtException", onUncaught);
    try {
      const client = await pool.connect();
      const { rows } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
      // Not events.once: it would reject on the very 'error' event this test is about.
      const ended = new Promise<void>((resolve) => client.once("end", () => resolve()));
      // Idle and checked out, as between two statements of a poll, when the server ends it.
      await db.pool.query("SELECT pg_terminate_backend($1)", [rows[0]?.pid]);
      await ended;
      await expect(client.query("SELECT 1")).rejects.toThrow();
      client.release(true);
      // Running a statement when the server ends it: the statement is rejected.
      const busy = await pool.connect();
      const pid = (await busy.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]?.pid;
      // Its outcome taken at once: it is rejected while the loop below still awaits, and an
      // unobserved rejection would itself fail the run.
      const sleeping = busy.query("SELECT pg_sleep(10)").then(
        () => null,
        (error: unknown) => error,
      );
      // Wait until the statement runs, then end its backend.
      for (let terminated = false; !terminated; ) {
        const { rows: ended } = await db.pool.query<{ done: boolean }>(
          `SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity
            WHERE pid = $1 AND state = 'active' AND query LIKE 'SELECT pg_sleep%'`,
          [pid],
        );
        terminated = ended[0]?.done === true;
      }
      expect(await sleeping).toBeInstanceOf(Error);
      busy.release(true);
      expect((await pool.query<{ one: number }>("SELECT 1 AS one")).rows[0]?.one).toBe(1);
      expect(uncaught).toEqual([]);
    } finally {
      process.off("uncaughtException", onUncaught);
      await pool.end();
    }
  });
});
