import { expect, type Page, test } from "@playwright/test";
import { withDemoDatabase } from "./support/demo-db";

// The Queries page on the demo: the embedded server loads pg_stat_statements, the demo
// workload's statements are sampled, and the page lists them with their numbers (from the
// store), texts shown as text whatever they hold.

const ORDERS_BY_STATUS = "WHERE user_id = $1 AND status = $2";
const toNumber = (text: string) => Number(text.replace(/[^\d.]/g, ""));
const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, min: 60_000, h: 3_600_000 };
/** "12.3 ms", "4.2 s" → milliseconds. */
const msOf = (text: string) => {
  const [value = "", unit = "ms"] = text.trim().split(" ");
  return Number(value.replace(/,/g, "")) * (UNIT_MS[unit] ?? Number.NaN);
};

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

  // The figures agree with each other: mean = total / calls (as rounded on screen).
  const totalMs = msOf((await row.getByTestId("statement-total").textContent()) ?? "");
  const meanMs = msOf((await row.getByTestId("statement-mean").textContent()) ?? "");
  // Each is rounded to 2–3 significant digits on screen: within 6% (and 0.01 ms) of each other.
  expect(Math.abs(meanMs - totalMs / calls)).toBeLessThanOrEqual(meanMs * 0.06 + 0.01);
  // And they move with the workload: the next polls add its calls.
  await expect
    .poll(
      async () => {
        await page.reload();
        await page.getByTestId("queries-search").fill(ORDERS_BY_STATUS);
        const again = page.getByTestId("statement-row").filter({ hasText: ORDERS_BY_STATUS }).first();
        return toNumber((await again.getByTestId("statement-calls").textContent()) ?? "");
      },
      { timeout: 60_000, intervals: [3_000] },
    )
    .toBeGreaterThan(calls);

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
  // pg_stat_statements keeps one text per queryid (comments do not change it) and so does the
  // store: the marker is the same on every run, so a rerun on the same data finds it.
  const marker = "hostile_e2e";
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
