/**
 * The Unused and Findings pages on a generated catalog, in Chromium, against the real app
 * started as a user starts it (`npm start`, DATABASE_URL and STORE_URL on a cluster of its own).
 * Per page: time to the first rows (cold: the first analysis; warm: served from it), DOM
 * elements, JS heap after two background refreshes, and sort and filter latency (click to the
 * new rows). Goals (issue 13): rows within 3 s, at most 5,000 elements, at most 250 MB of heap,
 * sort and filter under 300 ms. Also the findings route against the raw monitoring query.
 * Usage: npx tsx bench/pages-50k.ts [indexCount]   (default 50000)
 */
import { type ChildProcess, spawn } from "node:child_process";
import { performance } from "node:perf_hooks";
import { chromium, type Page } from "@playwright/test";
import pg from "pg";
import { TYPING_PAUSE_MS } from "../components/findings/findings-filters";
import { freePort, startCluster } from "../test/support/pg-cluster";
import { generateCatalog } from "./support/generated-catalog";
import { interleavedMedians, ratioLine } from "./support/measure";

const SEED_MONITORING_QUERY = `
SELECT schemaname, relname AS tablename, indexrelname AS indexname,
       idx_scan AS times_used, idx_tup_read AS tuples_read,
       pg_size_pretty(pg_relation_size(indexrelid)) AS size
  FROM pg_stat_user_indexes
 ORDER BY idx_scan DESC`;

const ROWS = 'tr[data-testid="finding-row"]';

const log = (line: string) => console.log(line);

function verdict(value: number, goal: number, unit: string): string {
  return `${value.toFixed(0)} ${unit} (goal <= ${goal} ${unit}: ${value <= goal ? "meets" : "MISSES"})`;
}

async function waitForApp(base: string, app: ChildProcess): Promise<void> {
  const deadline = Date.now() + 600_000;
  while (Date.now() < deadline) {
    if (app.exitCode !== null) throw new Error(`the app exited with ${app.exitCode}`);
    try {
      if ((await fetch(`${base}/api/v1/targets`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error("the app did not answer within 10 minutes");
}

/** Milliseconds from an action to the moment the page shows its answer (`shown` turns true in the page). */
async function answerMs(page: Page, action: () => Promise<void>, shown: string): Promise<number> {
  const began = performance.now();
  await action();
  await page.waitForFunction(shown, undefined, { timeout: 60_000, polling: "raf" });
  return performance.now() - began;
}

async function heapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("HeapProfiler.collectGarbage");
  const { usedSize } = await cdp.send("Runtime.getHeapUsage");
  await cdp.detach();
  return usedSize / 1024 / 1024;
}

/** Two background refreshes as React Query does them (stale after 10 s, refetched on focus). */
async function twoRefreshes(page: Page, base: string): Promise<void> {
  for (let i = 0; i < 2; i++) {
    await page.waitForTimeout(10_500); // the queries' staleTime: a refresh before it would be skipped
    const refreshed = page.waitForResponse((r) =>
      r.url().startsWith(`${base}/api/v1/targets/bench/findings?`),
    );
    await page.evaluate(() => window.dispatchEvent(new Event("visibilitychange")));
    await refreshed;
  }
}

async function measurePage(page: Page, base: string, path: string, label: string) {
  let began = performance.now();
  await page.goto(`${base}${path}`);
  await page.locator(ROWS).first().waitFor({ timeout: 120_000 });
  const firstMs = performance.now() - began;
  began = performance.now();
  await page.reload();
  await page.locator(ROWS).first().waitFor({ timeout: 120_000 });
  const warmMs = performance.now() - began;
  const elements = await page.evaluate(() => document.getElementsByTagName("*").length);
  const rows = await page.locator(ROWS).count();
  const range = await page.getByTestId("page-range").textContent();
  log(`${label}: ${rows} rows shown of ${range?.split(" of ")[1]}`);
  log(`  first visit: ${firstMs.toFixed(0)} ms`);
  log(`  rows after a reload: ${verdict(warmMs, 3000, "ms")}`);
  log(`  DOM elements: ${verdict(elements, 5000, "")}`);
  // The header shows the sort the server answered with, and the rows under it come in the same render.
  const sortMs = await answerMs(
    page,
    () => page.getByTestId("sort-name").click(),
    `document.querySelector('[data-testid="sort-name"]')?.textContent?.endsWith("▲") &&
     document.querySelector('[data-testid="page-loading"]') === null`,
  );
  log(`  sort by name: ${verdict(sortMs, 300, "ms")}`);
  // The filter box waits for typing to pause before asking: that wait is part of the figure.
  const filterMs = await answerMs(
    page,
    () => page.getByTestId("filter-q").fill("bench_t1_"),
    `document.querySelector('${ROWS}')?.getAttribute("data-index-name")?.startsWith("bench_t1_") &&
     document.querySelector('[data-testid="page-loading"]') === null`,
  );
  log(
    `  filter (from the last key, incl. the ${TYPING_PAUSE_MS} ms typing pause): ${verdict(filterMs, 300, "ms")}`,
  );
  await answerMs(
    page,
    () => page.getByTestId("filter-q").fill(""),
    `document.querySelector('[data-testid="page-range"]')?.textContent === ${JSON.stringify(range)}`,
  );
  await twoRefreshes(page, base);
  const heap = await heapMb(page);
  log(`  JS heap after two refreshes: ${verdict(heap, 250, "MB")}`);
}

async function main() {
  const indexCount = Number(process.argv[2] ?? 50_000);
  const cluster = await startCluster({ major: 18 });
  let app: ChildProcess | null = null;
  try {
    const database = `bench_${indexCount}`;
    console.log(`generating ${indexCount} indexes`);
    let began = performance.now();
    await generateCatalog(cluster, database, indexCount, () => {});
    await cluster.query("CREATE DATABASE bench_store");
    await cluster.query("VACUUM ANALYZE", [], database);
    console.log(`  generated in ${((performance.now() - began) / 1000).toFixed(0)} s`);

    const port = await freePort();
    const base = `http://localhost:${port}`;
    app = spawn("npm", ["start"], {
      env: {
        ...process.env,
        PORT: String(port),
        DATABASE_URL: cluster.url(database),
        STORE_URL: cluster.url("bench_store"),
        TARGET_ID: "bench",
        INDEXWATCH_DATA_DIR: `/tmp/indexwatch-bench-pages-${port}`,
        UNUSED_MIN_DAYS: "0",
      },
      stdio: ["ignore", "ignore", "inherit"],
      detached: true,
    });
    began = performance.now();
    await waitForApp(base, app);
    console.log(`app up in ${((performance.now() - began) / 1000).toFixed(0)} s`);

    // The route served from what was computed, against the raw monitoring query alone.
    const route = async () =>
      (await fetch(`${base}/api/v1/targets/bench/findings?list=unused&sort=size`)).text();
    began = performance.now();
    await route();
    console.log(`first analysis (cold route call): ${(performance.now() - began).toFixed(0)} ms`);
    const raw = new pg.Client({ connectionString: cluster.url(database) });
    await raw.connect();
    const [routeMs, rawMs] = await interleavedMedians(route, () => raw.query(SEED_MONITORING_QUERY));
    await raw.end();
    console.log(ratioLine(`findings route (one page) at ${indexCount} indexes`, routeMs, rawMs, 0.3));
    const body = await route();
    console.log(`  one page answer: ${(body.length / 1024).toFixed(0)} kB`);

    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
      ],
    });
    // The app's CSP (nonces, no eval) refuses Playwright's string predicates (waitForFunction):
    // the bench's own probes are let through; the pages run as they do for a user.
    const page = await (
      await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true })
    ).newPage();
    await measurePage(page, base, "/targets/bench/unused", `Unused page at ${indexCount} indexes`);
    await measurePage(page, base, "/targets/bench/findings", `Findings page at ${indexCount} indexes`);
    await browser.close();
  } finally {
    if (app?.pid) process.kill(-app.pid, "SIGTERM");
    await cluster.destroy();
  }
}

await main();
process.exit(0);
