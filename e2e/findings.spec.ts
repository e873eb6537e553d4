import { expect, test } from "@playwright/test";
import { WORKLOAD_UNUSED_SEED_INDEXES } from "../lib/demo/workload-patterns";

test.beforeEach(async ({ page }) => {
  page.on("dialog", (dialog) => {
    throw new Error(`unexpected dialog: ${dialog.message()}`);
  });
});

test("the Unused page lists the seed's never-used indexes with their window and flags", async ({ page }) => {
  await page.goto("/targets/demo/unused");
  const window = page.getByTestId("observation-window");
  await expect(window).toContainText(/of observation, since \d{4}-\d{2}-\d{2}/);
  await expect(window).toHaveAttribute("data-source", /^(history|live_stats|server_and_history)$/);

  const table = page.getByTestId("unused-table");
  await expect(table).toBeVisible();
  for (const name of WORKLOAD_UNUSED_SEED_INDEXES) {
    await expect(table.locator(`tr[data-index-name="${name}"]`), name).toHaveCount(1);
  }
  // The seed's workload never reads these, yet some must not simply go: each reason is a flag.
  await expect(
    table.locator('[data-testid="reason-flag"][data-code="backs_primary_key"]').first(),
  ).toBeVisible();
  const rowsWithoutFlags = table.locator('tr[data-safe="true"]');
  expect(await rowsWithoutFlags.count()).toBeGreaterThan(0);

  // Sorted by what a drop wins: sizes never grow down the list.
  const sizes = await table
    .locator('tr[data-testid="finding-row"]')
    .evaluateAll((rows) => rows.map((row) => row.querySelector("td:nth-child(2)")?.textContent ?? ""));
  expect(sizes.length).toBeGreaterThanOrEqual(WORKLOAD_UNUSED_SEED_INDEXES.length);
  const units: Record<string, number> = { bytes: 1, byte: 1, kB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 };
  const bytes = sizes.map((text) => {
    const [value, unit] = text.trim().split(/\s+/);
    return Number(value) * (units[unit ?? ""] ?? Number.NaN);
  });
  for (let i = 1; i < bytes.length; i++) expect(bytes[i]).toBeLessThanOrEqual(bytes[i - 1] ?? 0);
});

test("the copy button copies the exact DROP and its undo", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/targets/demo/unused");
  const name = WORKLOAD_UNUSED_SEED_INDEXES[0] ?? "";
  const row = page.locator(`tr[data-index-name="${name}"]`);
  await expect(row).toBeVisible();

  await row.getByRole("button", { name: "Copy apply" }).click();
  await expect(row.getByRole("button", { name: "Copied" })).toBeVisible();
  const applied = await page.evaluate(() => navigator.clipboard.readText());
  expect(applied).toBe(`DROP INDEX CONCURRENTLY public.${name}`);
  await expect(row.getByTestId("sql-apply")).toHaveText(applied);

  await row.getByRole("button", { name: "Copy undo" }).click();
  const undo = await page.evaluate(() => navigator.clipboard.readText());
  expect(undo).toMatch(new RegExp(`^CREATE INDEX CONCURRENTLY ${name} ON public\\.\\w+ USING btree \\(`));
});

test("the Findings page shows the seed's duplicates and overlaps, and exports CSV", async ({
  page,
  request,
}) => {
  await page.goto("/targets/demo/findings");
  // The seed's explicit FK indexes beside Django's automatic ones, and user+status beside user+status+created_at.
  await expect(
    page.getByTestId("findings-table-duplicate").locator('tr[data-index-name="invitation_order_idx"]'),
  ).toHaveCount(1);
  await expect(
    page.getByTestId("findings-table-redundant").locator('tr[data-index-name="order_user_status_idx"]'),
  ).toContainText("keep order_user_status_created_idx");
  await expect(page.getByTestId("hit-ratio-tables")).toBeVisible();

  const csv = await request.get("/api/v1/targets/demo/findings?format=csv");
  expect(csv.headers()["content-disposition"]).toMatch(/^attachment; filename=".*\.csv"$/);
  expect((await csv.text()).split("\r\n")[0]).toMatch(/^kind,schema,table,index,/);
});
