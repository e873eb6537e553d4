import type { ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { RestartBudget } from "./restart-budget";

/*
 * The dashboard server (`next start`) as a child the launcher keeps alive: restarted when it
 * dies, within a budget (restart-budget.ts), and called ready only once it answers HTTP.
 */

export interface SupervisorOptions {
  /** Starts one server process, its stdout and stderr piped. */
  spawnServer(): ChildProcess;
  /** Any HTTP answer from this URL means the server is up. */
  probeUrl: string;
  log(line: string): void;
  /** The server answers: after the first start (`restarts` 0) and after each restart. */
  onReady(restarts: number): void;
  /** The server died more often than the budget allows: the launcher stops, with this reason. */
  onGiveUp(reason: string): void;
  budget?: RestartBudget;
}

export interface Supervisor {
  /** Stops the server (SIGTERM, SIGKILL after 10 s) and restarts it no more. */
  stop(): Promise<void>;
}

const RESTART_DELAY_MS = 1_000;
const SETTLE_MS = 300;
const PROBE_EVERY_MS = 250;

/** Lines Next.js prints at every start (its banner): the launcher says the same in one line. */
const BANNER = [
  /^▲ Next\.js \d/,
  /^- (Local|Network|Environments|Debugger port|Experiments|Cache Components|Partial Prefetching)\b/,
  /^[✓⨯·?] (Starting|Ready in|Running next\.config|\S+$)/,
  /^$/,
];

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes are what it removes
const ANSI = /\x1b\[[0-9;]*m/g;

/** A line of Next.js's start banner (coloured or not), which the launcher does not repeat. */
export function isNextBanner(line: string): boolean {
  const plain = line.replace(ANSI, "").trim();
  return BANNER.some((pattern) => pattern.test(plain));
}

function forward(stream: NodeJS.ReadableStream | null, to: NodeJS.WritableStream) {
  if (!stream) return;
  createInterface({ input: stream }).on("line", (line) => {
    if (!isNextBanner(line)) to.write(`${line}\n`);
  });
}

function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `killed by ${signal}` : `exit code ${code}`;
}

/** Resolves once `url` answers anything over HTTP; false when the server exited first. */
async function answers(url: string, alive: () => boolean): Promise<boolean> {
  while (alive()) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(5_000), redirect: "manual" });
      return true;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, PROBE_EVERY_MS));
    }
  }
  return false;
}

export function superviseServer(options: SupervisorOptions): Supervisor {
  const budget = options.budget ?? new RestartBudget();
  let stopping = false;
  let restarts = 0;
  let current: ChildProcess;
  let exited: Promise<void>;

  const start = () => {
    const child = options.spawnServer();
    current = child;
    forward(child.stdout, process.stdout);
    forward(child.stderr, process.stderr);
    let running = true;
    exited = new Promise<void>((resolve) =>
      child.once("exit", (code, signal) => {
        running = false;
        resolve();
        // Ctrl-C reaches the server and the launcher at once: let the launcher's own
        // handler begin stopping before this exit is taken for a crash.
        setTimeout(() => {
          if (!stopping) onExit(code, signal);
        }, SETTLE_MS);
      }),
    );
    void answers(options.probeUrl, () => running && !stopping).then((up) => {
      if (up) options.onReady(restarts);
    });
  };

  const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
    const how = describeExit(code, signal);
    if (!budget.take()) {
      const minutes = budget.windowMs / 60_000;
      options.onGiveUp(
        `the dashboard server stopped (${how}) after ${budget.max} restarts within ${minutes} minutes; not restarting it again`,
      );
      return;
    }
    restarts += 1;
    options.log(
      `the dashboard server stopped (${how}); restarting it (${budget.used()} of at most ${budget.max} restarts in ${budget.windowMs / 60_000} minutes)`,
    );
    setTimeout(() => {
      if (!stopping) start();
    }, RESTART_DELAY_MS - SETTLE_MS);
  };

  start();
  return {
    async stop() {
      stopping = true;
      if (current.exitCode !== null || current.signalCode !== null) return;
      current.kill("SIGTERM");
      const grace = setTimeout(() => current.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(grace);
    },
  };
}
