import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { connect } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "@/test/support/pg-cluster";
import { createTestDatabase, type TestDatabase } from "@/test/support/test-database";

/*
 * `npm start` as a user runs it, against a database of theirs (the project's test server)
 * with the history store in the embedded PostgreSQL and no operator configured: what it
 * prints, and what it does when the dashboard server dies, once and then again and again.
 * Runs in the PostgreSQL 18 project only (the embedded server is 18 whatever the project;
 * two launchers at once would build .next twice). The first run on a fresh clone builds the
 * app, which the e2e tests then reuse.
 */

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const STARTED_WITHIN_MS = 600_000;

/** The launcher's stdout and stderr, line by line, and a way to wait for a line. */
class Output {
  readonly lines: string[] = [];
  private waiters: Array<() => void> = [];

  add(chunk: string) {
    this.lines.push(...chunk.split("\n").filter((line) => line.trim() !== ""));
    for (const wake of this.waiters.splice(0)) wake();
  }

  async waitFor(pattern: RegExp, within: number, from = 0): Promise<string> {
    const deadline = Date.now() + within;
    for (;;) {
      const found = this.lines.slice(from).find((line) => pattern.test(line));
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no line matching ${pattern} in:\n${this.lines.join("\n")}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

/** The launcher's children running Next.js (its dashboard server), from /proc. */
function serverPids(launcherPid: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid !== launcherPid) continue;
      // Next.js renames its process ("next-server (v16…)"), which rewrites its command line.
      if (
        /next-server|next\/dist\/bin\/next|scripts\/serve\.ts/.test(
          readFileSync(`/proc/${entry}/cmdline`, "utf8"),
        )
      )
        pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

async function waitForServerPid(
  launcherPid: number,
  other: number | undefined,
  within: number,
): Promise<number> {
  const deadline = Date.now() + within;
  for (;;) {
    const pid = serverPids(launcherPid).find((p) => p !== other);
    if (pid !== undefined) return pid;
    if (Date.now() > deadline) throw new Error("the launcher started no dashboard server");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

describe("npm start", () => {
  let database: TestDatabase;
  let dataDir: string;
  let port: number;
  let pgPort: number;
  let launcher: ChildProcess;
  let exited: Promise<number | null>;
  const output = new Output();

  beforeAll(async () => {
    database = await createTestDatabase("launcher");
    const root = mkdtempSync(path.join(os.tmpdir(), "indexwatch-launcher-"));
    chmodSync(root, 0o755); // the embedded server runs as `postgres` when we are root
    dataDir = path.join(root, "data");
    [port, pgPort] = [await freePort(), await freePort()];
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const name of Object.keys(env))
      if (name === "NODE_ENV" || name.startsWith("VITEST")) delete env[name];
    launcher = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...env,
        PORT: String(port),
        INDEXWATCH_PG_PORT: String(pgPort),
        INDEXWATCH_DATA_DIR: dataDir,
        DATABASE_URL: database.url,
        STORE_URL: "",
        OPERATOR_PASSWORD: "",
        VIEWER_PASSWORD: "",
        INDEXWATCH_USERS: "",
        READ_ONLY: "",
        SESSION_SECRET: "launcher-test-session-secret-0123456789abcdef",
      },
    });
    launcher.stdout?.setEncoding("utf8").on("data", (chunk: string) => output.add(chunk));
    launcher.stderr?.setEncoding("utf8").on("data", (chunk: string) => output.add(chunk));
    exited = new Promise((resolve) => launcher.once("exit", (code) => resolve(code)));
    await output.waitFor(/ready in \d+ s/, STARTED_WITHIN_MS);
  }, STARTED_WITHIN_MS + 30_000);

  afterAll(async () => {
    if (launcher && launcher.exitCode === null && launcher.signalCode === null) {
      launcher.kill("SIGTERM");
      await exited;
    }
    await database?.drop();
    if (dataDir) rmSync(path.dirname(dataDir), { recursive: true, force: true });
  }, 60_000);

  it("says in a few lines where it runs, once the dashboard answers, and that no one can act", async () => {
    const ready = await output.waitFor(/ready in/, 0);
    expect(ready).toContain(`http://localhost:${port}`);
    const answer = await fetch(`http://127.0.0.1:${port}/api/v1/targets`);
    expect(answer.status).toBe(200);
    const noOperator = await output.waitFor(/no operator is configured/, 10_000);
    expect(noOperator).toContain("OPERATOR_PASSWORD");
    expect(noOperator).toContain("INDEXWATCH_USERS");
    const printed = output.lines.join("\n");
    expect(printed).toContain(`embedded PostgreSQL on port ${pgPort}`);
    for (const internal of ["store migrated", "Next.js", "Route (app)", "- Local:"]) {
      expect(printed).not.toContain(internal);
    }
    expect(output.lines.length).toBeLessThanOrEqual(12);
  });

  it("shows the login page's notice that no operator is configured", async () => {
    const page = await fetch(`http://127.0.0.1:${port}/login`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("No operator is configured");
    expect(html).toContain("INDEXWATCH_USERS");
  });

  it("restarts a dashboard server that died, says so, and answers again", async () => {
    const pid = await waitForServerPid(launcher.pid as number, undefined, 5_000);
    const from = output.lines.length;
    process.kill(pid, "SIGKILL");
    const restarting = await output.waitFor(/restarting it/, 30_000, from);
    expect(restarting).toContain("SIGKILL");
    expect(restarting).toContain("1 of at most 5 restarts in 5 minutes");
    await output.waitFor(/ready again/, 120_000, from);
    const answer = await fetch(`http://127.0.0.1:${port}/api/v1/targets`);
    expect(answer.status).toBe(200);
    expect(await waitForServerPid(launcher.pid as number, pid, 1_000)).not.toBe(pid);
    expect(launcher.exitCode).toBeNull();
  }, 180_000);

  it("gives up on a server that keeps dying: stops the embedded PostgreSQL and says why", async () => {
    let last: number | undefined;
    const from = output.lines.length;
    // Four more restarts fit in the budget; the fifth death after them is one too many.
    for (let kill = 0; kill < 5; kill++) {
      last = await waitForServerPid(launcher.pid as number, last, 60_000);
      process.kill(last, "SIGKILL");
      if (kill < 4) await output.waitFor(new RegExp(`${kill + 2} of at most 5 restarts`), 30_000, from);
    }
    expect(await exited).toBe(1);
    const reason = await output.waitFor(/not restarting it again/, 0, from);
    expect(reason).toContain("after 5 restarts within 5 minutes");
    expect(reason).toContain("stopping the embedded PostgreSQL");
    expect(await portOpen(pgPort)).toBe(false);
    expect(existsSync(path.join(dataDir, "postgres", "data", "postmaster.pid"))).toBe(false);
  }, 300_000);
});
