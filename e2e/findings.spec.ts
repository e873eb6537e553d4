import { expect, type Page, test } from "@playwright/test";
import { totalShown } from "./support/app";

test.beforeEach(async ({ page }) => {
  page.on("dialog", (dialog) => {
    throw new Error(`unexpected dialog: ${dialog.message()}`);
  });
});

const rows = (page: Page) => page.getByTestId("findings-table").locator('tr[data-testid="finding-row"]');

test("the Findings page counts each kind and shows the seed's duplicates and overlaps", async ({ page }) => {
  await page.goto("/targets/demo/findings");
  await expect(page).toHaveTitle("Findings · demo");
  await expect(rows(page).first()).toBeVisible();
  const duplicates = Number(await page.getByTestId("kind-summary-duplicate").getAttribute("data-count"));
  const redundant = Number(await page.getByTestId("kind-summary-redundant").getAttribute("data-count"));
  expect(duplicates).toBeGreaterThan(0);
  expect(redundant).toBeGreaterThan(0);
  // No unused index here: it has its own page.
  await expect(page.getByTestId("findings-table").locator('tr[data-kind="unused"]')).toHaveCount(0);

  // The seed's explicit FK indexes beside Django's automatic ones.
  await page.getByTestId("kind-summary-duplicate").click();
  await expect(page.getByTestId("page-range")).toHaveText(new RegExp(` of ${duplicates}$`));
  await expect(page.getByTestId("kind-blurb")).toContainText("Duplicates");
  expect(await rows(page).count()).toBe(Math.min(duplicates, 50));
  await expect(
    page.getByTestId("findings-table").locator('tr[data-testid="finding-row"]:not([data-kind="duplicate"])'),
  ).toHaveCount(0);
  await expect(
    page.getByTestId("findings-table").locator('tr[data-index-name="invitation_order_idx"]'),
  ).toHaveCount(1);

  // user+status beside user+status+created_at; the kind survives a reload.
  await page.getByTestId("filter-kind").selectOption("redundant");
  await expect(page.getByTestId("page-range")).toHaveText(new RegExp(` of ${redundant}$`));
  await page.reload();
  await expect(page.getByTestId("filter-kind")).toHaveValue("redundant");
  await expect(page.getByTestId("page-range")).toHaveText(new RegExp(` of ${redundant}$`));
  await expect(page.locator('tr[data-index-name="order_user_status_idx"]')).toContainText(
    "keep order_user_status_created_idx",
  );

  await page.getByTestId("filter-q").fill("order_user_status_idx");
  await expect(page.getByTestId("page-range")).toHaveText("1–1 of 1");
  await page.getByTestId("filter-kind").selectOption("");
  await expect.poll(() => totalShown(page)).toBeGreaterThanOrEqual(1);
  await expect(rows(page).first()).toHaveAttribute("data-index-name", /order_user_status_idx/);

  await expect(page.getByTestId("hit-ratio-tables")).toBeVisible();
  expect(await page.getByTestId("hit-ratio-indexes").locator("tbody tr").count()).toBeLessThanOrEqual(15);
});

test("sorting by size on the server orders the whole list, biggest first", async ({ page }) => {
  await page.goto("/targets/demo/findings");
  await expect(rows(page).first()).toBeVisible();
  await page.getByTestId("sort-size").click();
  await expect(page.getByTestId("sort-size")).toHaveText(/▼$/);
  const sizes = await rows(page).evaluateAll((trs) =>
    trs.map((tr) =>
      Number(
        (tr.querySelector("td:nth-child(2) span")?.getAttribute("title") ?? "-1").replace(/\D/g, "") || -1,
      ),
    ),
  );
  expect(sizes.length).toBeGreaterThan(1);
  for (let i = 1; i < sizes.length; i++) expect(sizes[i]).toBeLessThanOrEqual(sizes[i - 1] ?? 0);
});

test("the findings export as CSV", async ({ request }) => {
  const csv = await request.get("/api/v1/targets/demo/findings?format=csv");
  expect(csv.headers()["content-disposition"]).toMatch(/^attachment; filename=".*\.csv"$/);
  expect((await csv.text()).split("\r\n")[0]).toMatch(/^kind,schema,table,index,/);
});
