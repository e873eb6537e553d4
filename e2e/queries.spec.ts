import { expect, type Page, test } from "@playwright/test";
import { withDemoDatabase } from "./support/demo-db";

// The Queries page on the demo: the embedded server loads pg_stat_statements, the demo
// workload's statements are sampled, and the page lists them with their numbers (from the
// store), texts shown as text whatever they hold.

const ORDERS_BY_STATUS = "WHERE user_id = $1 AND status = $2";
const toNumber = (text: string) => Number(text.replace(/[^\d.]/g, ""));

/** Reloads until a statement row holding `text` is listed with calls > 0 (polls every 5 s). */
async function rowWith(page: Page, text: string) {
  await page.getByTestId("queries-search").fill(text);
  const row = page.getByTestId("statement-row").filter({ hasText: text });
  await expect
    .poll(
      async () => {
        if (!(await row.count())) {
          await page.reload();
          await page.getByTestId("queries-search").fill(text);
          return 0;
        }
        return toNumber((await row.first().getByTestId("statement-calls").textContent()) ?? "");
      },
      { timeout: 60_000, intervals: [2_000] },
    )
    .toBeGreaterThan(0);
  return row.first();
}

test("the Queries page lists a demo workload statement with its calls, time and rows", async ({ page }) => {
  await page.goto("/targets/demo/queries");
  await expect(page.getByRole("link", { name: "Queries" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Queries" })).toBeVisible();
  await expect(page.getByTestId("statements-unavailable")).toHaveCount(0);

  const row = await rowWith(page, ORDERS_BY_STATUS);
  await expect(row.getByTestId("statement-text")).toContainText("FROM invitations_order");
  const calls = toNumber((await row.getByTestId("statement-calls").textContent()) ?? "");
  await expect(row.getByTestId("statement-total")).toHaveText(/^\d[\d.,]* (ms|s|min|h)$/);
  await expect(row.getByTestId("statement-mean")).toHaveText(/^\d[\d.,]* (ms|s|min|h)$/);
  await expect(row.getByTestId("statement-rows")).toHaveText(/^\d[\d,]*$/);

  // The page's calls are deltas since the sampler's baseline: never more than the server counted.
  const queryid = await row.getAttribute("data-queryid");
  const serverCalls = await withDemoDatabase(async (client) => {
    const r = await client.query<{ calls: string }>(
      "SELECT sum(calls)::text AS calls FROM pg_stat_statements WHERE queryid = $1::int8 AND toplevel",
      [queryid],
    );
    return Number(r.rows[0]?.calls ?? 0);
  });
  expect(calls).toBeGreaterThan(0);
  expect(calls).toBeLessThanOrEqual(serverCalls);

  // One statement's history: a chart of calls per day with its units.
  await row.getByTestId("statement-text").click();
  const detail = page.getByTestId("statement-detail");
  await expect(detail.getByTestId("statement-full-text")).toContainText(ORDERS_BY_STATUS);
  const chart = detail.getByTestId("statement-history-chart");
  await expect(chart.locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(chart).toContainText("ms");
  await expect(chart).toContainText("calls");
});

test("hostile statement texts render as text, wrapped, never as markup", async ({ page }) => {
  const marker = `hostile_${Date.now()}`;
  const longTail = "x".repeat(3_000);
  await withDemoDatabase(async (client) => {
    // Comments survive normalisation: the text pg_stat_statements keeps holds them as sent.
    await client.query(
      `SELECT /* ${marker} <script>window.__pwned = 1</script> "quoted" 'single' ünïcødé 💥 */ count(*) FROM invitations_order WHERE id < 0`,
    );
    await client.query(`SELECT /* ${marker}_long ${longTail} */ count(*) FROM plans_plan WHERE id < 0`);
  });
  await page.goto("/targets/demo/queries");
  const hostile = await rowWith(page, `${marker} <script>`);
  await expect(hostile.getByTestId("statement-text")).toContainText(
    `<script>window.__pwned = 1</script> "quoted" 'single' ünïcødé 💥`,
  );
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await page.locator("script", { hasText: "__pwned" }).count()).toBe(0);

  const long = await rowWith(page, `${marker}_long`);
  await expect(long.getByTestId("statement-text")).toBeVisible();
  // Wrapped: the page does not scroll sideways for a 3,000-character word.
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(1);
});
