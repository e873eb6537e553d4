import { expect, test } from "@playwright/test";
import { DEMO_SEED_INDEX_NAMES } from "../lib/demo/schema";
import { withDemoDatabase } from "./support/demo-db";

const HOSTILE = '<img src=x onerror=alert(1)> "Mixed Case" name';

test.beforeAll(async () => {
  // Index names are data: one that is HTML, with quotes, spaces and mixed case.
  await withDemoDatabase(async (db) => {
    await db.query(`DROP INDEX IF EXISTS ${db.escapeIdentifier(HOSTILE)}`);
    await db.query(`CREATE INDEX ${db.escapeIdentifier(HOSTILE)} ON plans_plan (name)`);
  });
});

test.beforeEach(async ({ page }) => {
  // Any script that an index name smuggled in would raise a dialog: fail on it.
  page.on("dialog", (dialog) => {
    throw new Error(`unexpected dialog: ${dialog.message()}`);
  });
});

test("the overview of the demo shows its indexes in cards and three charts", async ({ page }) => {
  // With two demo targets, `/` opens the Fleet; the demo target is one click away.
  await page.goto("/");
  await expect(page).toHaveURL(/\/fleet$/);
  await page
    .locator('[data-testid="fleet-row"][data-target="demo"]')
    .getByTestId("fleet-target-link")
    .click();
  await expect(page).toHaveURL(/\/targets\/demo$/);

  const count = page.getByTestId("card-index-count");
  await expect(count).toBeVisible();
  await expect
    .poll(async () => Number(((await count.textContent()) ?? "").replace(/[^0-9]/g, "")))
    .toBeGreaterThanOrEqual(DEMO_SEED_INDEX_NAMES.length);
  await expect(page.getByTestId("card-total-size")).toContainText(/[kMG]B/);
  await expect(page.getByTestId("card-unused")).toBeVisible();
  await expect(page.getByTestId("card-stats-window")).toContainText(/since/i);
  await expect(page.getByTestId("last-updated")).toBeVisible();

  // Charts drawn with data: bars and points, not empty axes.
  await expect(page.getByTestId("chart-top-size").locator(".recharts-bar-rectangle")).toHaveCount(20);
  await expect(page.getByTestId("chart-top-scans").locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect
    .poll(() => page.getByTestId("chart-size-vs-scans").locator(".recharts-scatter-symbol").count())
    .toBeGreaterThanOrEqual(DEMO_SEED_INDEX_NAMES.length);
});

test("clicking the biggest index in the size chart opens it", async ({ page }) => {
  await page.goto("/targets/demo");
  // The biggest index, as the inventory the chart draws from says.
  const inventory = (await (await page.request.get("/api/v1/targets/demo/indexes")).json()) as {
    indexes: { name: string; sizeBytes: number | null; partitioned: boolean }[];
  };
  const biggest =
    [...inventory.indexes].sort((a, b) => (b.sizeBytes ?? 0) - (a.sizeBytes ?? 0))[0]?.name ?? "";
  const firstBar = page.getByTestId("chart-top-size").locator(".recharts-bar-rectangle").first();
  await expect(firstBar).toBeVisible();
  await firstBar.click();
  // The page opens by OID and settles on the index's identity URL: what counts is what it shows.
  await expect(page).toHaveURL(/\/targets\/demo\/indexes\/[^/]+$/);
  await expect(page.getByTestId("index-name")).toHaveText(biggest);
  await expect(page.getByTestId("index-detail")).toContainText("CREATE");
});

test("the index table lists all 43 seed indexes, filters, and opens one", async ({ page }) => {
  await page.goto("/targets/demo/indexes");
  const table = page.getByTestId("index-table");
  await expect(table).toBeVisible();

  const nameFilter = page.getByTestId("filter-name");
  for (const name of DEMO_SEED_INDEX_NAMES) {
    await nameFilter.fill(name);
    await expect(table.getByTestId("index-row").filter({ hasText: name }).first(), name).toBeVisible();
  }

  await nameFilter.fill("");
  await page.getByTestId("filter-table").fill("invitations_order");
  const rows = table.getByTestId("index-row");
  await expect(rows.first()).toBeVisible();
  const texts = await rows.allInnerTexts();
  expect(texts.length).toBeGreaterThanOrEqual(7);
  for (const text of texts) expect(text).toContain("invitations_order");

  await page.getByTestId("filter-name").fill("order_user_status");
  const row = rows.filter({ hasText: "order_user_status" }).first();
  const oid = await row.getAttribute("data-oid");
  await row.getByRole("link").first().click();
  // The page follows the index (its identity), whatever its OID: it opens on the index itself.
  await expect(page.getByTestId("index-name")).toContainText("order_user_status");
  expect(oid).not.toBeNull();
  const detail = page.getByTestId("index-detail");
  await expect(detail).toContainText("CREATE INDEX");
  await expect(detail).toContainText("invitations_order");

  // Its history: scans per day and size over time, the demo's simulated past labelled so.
  const history = page.getByTestId("index-history");
  await expect(history.locator(".recharts-surface").first()).toBeVisible();
  await expect(history.getByTestId("history-simulated")).toBeVisible();
});

test("a hostile index name shows as text everywhere", async ({ page }) => {
  await page.goto("/targets/demo/indexes");
  await page.getByTestId("filter-name").fill("onerror");
  const row = page.getByTestId("index-row").filter({ hasText: HOSTILE });
  await expect(row).toHaveCount(1);
  await expect(page.locator("img[src='x']")).toHaveCount(0);
  await row.getByRole("link").first().click();
  await expect(page.getByTestId("index-detail")).toContainText(HOSTILE);
  await expect(page.locator("img[src='x']")).toHaveCount(0);
});

test("the pages say how old their figures are, and refresh now polls once for everyone", async ({ page }) => {
  await page.goto("/targets/demo/indexes");
  const age = page.getByTestId("snapshot-age");
  await expect(age).toContainText(/^as of (just now|\d+ s ago)$/);
  await expect(age).toHaveAttribute("title", /sampler's poll at \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);

  const refresh = page.getByTestId("refresh-now");
  await refresh.click();
  await expect(refresh).toHaveText("Refresh now");
  // The answer is the poll just made: its age starts again from zero.
  await expect(age).toContainText(/^as of (just now|[1-3] s ago)$/);
  await expect(page.getByRole("status").filter({ hasText: /refresh/i })).toHaveCount(0);

  // Another one at once is refused, with when the next is allowed.
  await refresh.click();
  await expect(page.getByRole("status").filter({ hasText: /next refresh in \d+ s/ })).toBeVisible();
  await expect(page.getByTestId("index-row").first()).toBeVisible();

  await page.goto("/targets/demo");
  await expect(page.getByTestId("snapshot-age")).toContainText(/^as of /);
});
