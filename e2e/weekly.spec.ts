import { expect, test } from "@playwright/test";

// The Weekly usage page on the demo: its first start fills eight weeks of simulated history
// (labelled as such) and the sampler continues it with real samples.

test("the weekly page shows the charts and the week-over-week table", async ({ page }) => {
  await page.goto("/targets/demo/weekly");
  const daily = page.getByTestId("weekly-daily-chart");
  await expect(daily).toBeVisible();
  await expect(daily.locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(page.getByTestId("weekly-top-chart").locator(".recharts-line").first()).toBeVisible();
  await expect(page.getByTestId("simulated-notice")).toContainText("simulated");
  await expect(page.getByTestId("simulated-legend")).toBeVisible();
  const table = page.getByTestId("week-over-week-table");
  await expect(table.getByTestId("wow-row").first()).toBeVisible();
  await expect(table.getByRole("columnheader", { name: /This week/ })).toBeVisible();
  await expect(table.getByRole("columnheader", { name: /Last week/ })).toBeVisible();
  await expect(page.getByTestId("weekly-table-rollup")).toBeVisible();
  await expect(page.getByTestId("newly-unused")).toBeVisible();
  await expect(page.getByTestId("newly-used")).toBeVisible();
});

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

test("a bookmarked URL restores the same view", async ({ page, context }) => {
  await page.goto("/targets/demo/weekly");
  await expect(page.getByTestId("wow-row").first()).toBeVisible();
  // A range that ended a week ago: its numbers no longer move, so both pages must agree.
  const today = await page.getByTestId("weekly-to").inputValue();
  const to = addDays(today, -7);
  const from = addDays(to, -27);
  await page.getByTestId("weekly-to").fill(to);
  await page.getByTestId("weekly-from").fill(from);
  await page.getByTestId("weekly-search").fill("idx");
  await page.getByTestId("weekly-trend").selectOption("down");
  await page
    .getByTestId("week-over-week-table")
    .getByRole("button", { name: /Change/ })
    .click();
  await expect(page).toHaveURL(new RegExp(`from=${from}&to=${to}`));
  await expect(page).toHaveURL(/q=idx/);
  await expect(page).toHaveURL(/trend=down/);
  await expect(page).toHaveURL(/sort=change\./);
  const summary = page.getByTestId("weekly-summary");
  await expect(summary).toContainText(`${from} → ${to}`);
  const rows = page.getByTestId("wow-row");
  await expect(rows.first()).toBeVisible();
  const names = await rows.locator("td:first-child").allTextContents();
  const summaryText = (await summary.textContent()) ?? "";
  const bookmarked = page.url();

  const other = await context.newPage();
  await other.goto(bookmarked);
  await expect(other.getByTestId("weekly-from")).toHaveValue(from);
  await expect(other.getByTestId("weekly-to")).toHaveValue(to);
  await expect(other.getByTestId("weekly-search")).toHaveValue("idx");
  await expect(other.getByTestId("weekly-trend")).toHaveValue("down");
  await expect(other.getByTestId("weekly-summary")).toHaveText(summaryText);
  await expect(other.getByTestId("wow-row").locator("td:first-child")).toHaveText(names);
});
