import { expect, test } from "@playwright/test";
import { demoIndexOid, logIn } from "./support/app";
import { withDemoDatabase } from "./support/demo-db";
import { E2E_OPERATOR_PASSWORD, E2E_VIEWER_PASSWORD } from "./support/e2e-env";

// A demo index big enough that its rebuild takes seconds: the progress bar has time to move.
const BIG_TABLE = "e2e_activity_archive";
const BIG_INDEX = "e2e_activity_archive_hash_idx";

test.beforeAll(async () => {
  test.setTimeout(180_000);
  await withDemoDatabase(async (db) => {
    await db.query(`CREATE TABLE IF NOT EXISTS ${BIG_TABLE} (id bigint PRIMARY KEY, hash text NOT NULL)`);
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM ${BIG_TABLE}`);
    if (Number(rows[0]?.n) === 0) {
      await db.query(`INSERT INTO ${BIG_TABLE} SELECT g, md5(g::text) FROM generate_series(1, 1500000) g`);
    }
    await db.query(`CREATE INDEX IF NOT EXISTS ${BIG_INDEX} ON ${BIG_TABLE} (hash, id)`);
  });
});

test.beforeEach(async ({ page }) => {
  page.on("dialog", (dialog) => {
    throw new Error(`unexpected dialog: ${dialog.message()}`);
  });
});

test("an operator reindexes a demo index, watches the progress bar move, and finds it in the audit log", async ({
  page,
}) => {
  // A rebuild of seconds, a second of polling, and the audit log: more than the default budget.
  test.setTimeout(240_000);
  const oid = await demoIndexOid(page, BIG_INDEX);
  const detail = `/targets/demo/indexes/${oid}`;
  await logIn(page, "operator", E2E_OPERATOR_PASSWORD, detail);
  await expect(page.getByTestId("index-name")).toHaveText(BIG_INDEX);
  await expect(page.getByTestId("session-status")).toContainText("operator");

  await page.getByTestId("reindex-index-button").click();
  const dialog = page.getByTestId("confirm-dialog");
  await expect(dialog.getByTestId("confirm-sql")).toHaveText(
    `REINDEX INDEX CONCURRENTLY public.${BIG_INDEX};`,
  );
  await dialog.getByTestId("confirm-run").click();
  const progress = page.getByTestId("action-progress");
  await expect(progress).toBeVisible({ timeout: 60_000 });
  const bar = progress.getByTestId("action-progress-bar");

  // The bar's value changes while the build runs (pushed every second).
  const seen = new Set<string>();
  await expect
    .poll(
      async () => {
        const percent = await bar.getAttribute("data-percent", { timeout: 250 }).catch(() => null);
        if (percent) seen.add(percent);
        return seen.size;
      },
      { timeout: 60_000, intervals: [250] },
    )
    .toBeGreaterThanOrEqual(2);
  await expect(progress.getByTestId("action-status")).toHaveAttribute("data-status", "succeeded", {
    timeout: 90_000,
  });
  const actionId = await progress.getAttribute("data-action-id");

  await page.screenshot({ path: "test-results/actions-operator-done.png", fullPage: true });
  await page.getByRole("link", { name: "Actions", exact: true }).click();
  await expect(page).toHaveURL(/\/targets\/demo\/actions$/);
  const row = page.locator(`[data-testid="action-row"][data-action-id="${actionId}"]`);
  await expect(row).toContainText("REINDEX INDEX");
  await expect(row).toContainText(BIG_INDEX);
  await expect(row).toContainText("operator");
  await expect(row.getByTestId("action-status")).toHaveAttribute("data-status", "succeeded");
  await expect(page.getByTestId("actions-export")).toHaveAttribute("href", /format=csv/);
});

test("a viewer sees no action buttons, and the API refuses the viewer too", async ({ page }) => {
  const oid = await demoIndexOid(page, BIG_INDEX);
  const detail = `/targets/demo/indexes/${oid}`;

  await page.goto(detail);
  await expect(page.getByTestId("index-actions-panel")).toBeVisible();
  await expect(page.getByTestId("login-link")).toBeVisible();
  await expect(page.getByTestId("reindex-index-button")).toHaveCount(0);

  await logIn(page, "viewer", E2E_VIEWER_PASSWORD, detail);
  await expect(page.getByTestId("session-status")).toContainText("viewer");
  await expect(page.getByTestId("index-actions-panel")).toContainText("operator role");
  await expect(page.getByTestId("reindex-index-button")).toHaveCount(0);
  await expect(page.getByTestId("reindex-table-button")).toHaveCount(0);
  await expect(page.getByTestId("drop-index-button")).toHaveCount(0);

  const refused = await page.request.post("/api/v1/targets/demo/actions", {
    data: { kind: "reindex_index", oid },
    headers: { origin: new URL(page.url()).origin },
  });
  expect(refused.status()).toBe(403);

  await page.goto("/targets/demo/actions");
  await expect(page.getByTestId("actions-view")).toBeVisible();
  // The header tells how fresh the audit log is, as on every page of the target.
  await expect(page.getByTestId("last-updated")).toContainText(/^updated /);
  await expect(page.getByTestId("action-cancel")).toHaveCount(0);
  await expect(page.getByTestId("leftover-cleanup")).toHaveCount(0);
});
