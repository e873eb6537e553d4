import { expect, type Page, test } from "@playwright/test";

// The Weekly usage page on the demo: its first start fills eight weeks of simulated history
// (labelled as such) and the sampler continues it with real samples.

interface Row {
  name: string;
  table: string;
  thisWeek: number;
  trend: string;
}

const toNumber = (text: string) => Number(text.replace(/[^\d-]/g, ""));

/** The week-over-week rows as the person reads them. */
async function readRows(page: Page): Promise<Row[]> {
  const rows = page.getByTestId("wow-row");
  const cells = await rows.evaluateAll((trs) =>
    trs.map((tr) => Array.from(tr.querySelectorAll("td"), (td) => td.textContent?.trim() ?? "")),
  );
  return cells.map((c) => ({
    name: c[0] ?? "",
    table: c[1] ?? "",
    thisWeek: toNumber(c[2] ?? ""),
    trend: (c[5] ?? "").replace(/\*$/, ""),
  }));
}

/** "12 of 77 indexes (1–12 shown)" → { matched: 12, total: 77 }. */
async function readCount(page: Page): Promise<{ matched: number; total: number }> {
  const text = (await page.getByTestId("wow-count").textContent()) ?? "";
  const match = /^([\d,]+) of ([\d,]+) indexes/.exec(text.trim());
  if (!match) throw new Error(`unexpected count: ${text}`);
  return { matched: toNumber(match[1] as string), total: toNumber(match[2] as string) };
}

/** Rows per page of the week-over-week table. */
const PAGE = 50;

/** Waits until every row passes `check` and the count agrees with the rows shown. */
async function expectRows(page: Page, check: (row: Row) => boolean): Promise<Row[]> {
  await expect
    .poll(async () => {
      const rows = await readRows(page);
      const { matched } = await readCount(page);
      const agrees = matched === rows.length || (rows.length === PAGE && matched > PAGE);
      return rows.length > 0 && rows.every(check) && agrees;
    })
    .toBe(true);
  return readRows(page);
}

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
  // Today is partial: shown apart, never inside the compared weeks.
  await expect(page.getByTestId("weekly-today")).toContainText("partial, not compared");
});

test("on the demo no primary key is newly used and the indexes are not all down", async ({ page }) => {
  await page.goto("/targets/demo/weekly");
  await expect(page.getByTestId("wow-row").first()).toBeVisible();
  const { total } = await readCount(page);
  expect(total).toBeGreaterThan(50);
  await expect(page.getByTestId("newly-used")).not.toContainText("_pkey");
  await page.getByTestId("weekly-trend").selectOption("newly_used");
  await expect.poll(async () => (await readCount(page)).matched < total).toBe(true);
  expect((await readRows(page)).filter((r) => r.name.endsWith("_pkey"))).toEqual([]);

  await page.getByTestId("weekly-trend").selectOption("all");
  await page.getByTestId("weekly-search").fill("_pkey");
  const keys = await expectRows(page, (r) => r.name.includes("_pkey"));
  expect(keys.length).toBeGreaterThanOrEqual(8);
  // The primary keys the workload scans have a simulated past: they compare, week to week.
  expect(keys.filter((r) => r.thisWeek > 0).every((r) => r.trend !== "newly used")).toBe(true);
  expect(keys.filter((r) => r.thisWeek > 0).length).toBeGreaterThan(0);

  await page.getByTestId("weekly-search").fill("");
  await page.getByTestId("weekly-trend").selectOption("down");
  await expect.poll(async () => (await readCount(page)).matched).toBeLessThan(total / 2);
});

test("filters and sort change the rows and the count, and survive a reload", async ({ page }) => {
  await page.goto("/targets/demo/weekly");
  await expect(page.getByTestId("wow-row").first()).toBeVisible();
  const { total } = await readCount(page);
  // 50 rows a page: the count says which rows are shown.
  await expect(page.getByTestId("wow-count")).toContainText(`of ${total} indexes (1–50 shown)`);
  const firstPage = (await readRows(page)).map((r) => r.name);
  await page.getByTestId("wow-pager").getByRole("button", { name: "Next" }).click();
  await expect(page.getByTestId("wow-count")).toContainText(`of ${total} indexes (51–${total} shown)`);
  await expect(page.getByTestId("wow-row")).toHaveCount(total - 50);
  const secondPage = (await readRows(page)).map((r) => r.name);
  expect(secondPage.filter((name) => firstPage.includes(name))).toEqual([]);

  await page.getByTestId("weekly-search").fill("status");
  const byName = await expectRows(page, (r) => r.name.includes("status"));
  expect(byName.length).toBeLessThan(total);
  await expect(page.getByTestId("wow-count")).toHaveText(`${byName.length} of ${total} indexes`);

  await page.getByTestId("weekly-search").fill("");
  const picker = page.getByTestId("weekly-table");
  await picker.fill("invitations_ord");
  // The picker lists what the server found for the typed text, not every table.
  await expect(page.getByTestId("weekly-table-options").getByRole("option")).toHaveText([
    "public.invitations_order",
  ]);
  await page.getByRole("option", { name: "public.invitations_order", exact: true }).click();
  await expect(picker).toHaveValue("public.invitations_order");
  const orders = await expectRows(page, (r) => r.table === "public.invitations_order");
  expect(orders.length).toBeGreaterThanOrEqual(8);

  await page.getByTestId("weekly-trend").selectOption("unused");
  const unused = await expectRows(
    page,
    (r) => r.table === "public.invitations_order" && r.trend === "unused",
  );
  expect(unused.every((r) => r.thisWeek === 0)).toBe(true);
  expect(unused.length).toBeLessThan(orders.length);

  await page.getByTestId("weekly-trend").selectOption("all");
  await page
    .getByTestId("week-over-week-table")
    .getByRole("button", { name: /^Index/ })
    .click();
  await expect(
    page.getByTestId("week-over-week-table").getByRole("columnheader", { name: /Index/ }),
  ).toHaveAttribute("aria-sort", /ascending|descending/);
  const sorted = await expectRows(page, (r) => r.table === "public.invitations_order");
  const names = sorted.map((r) => r.name);
  const direction = await page
    .getByTestId("week-over-week-table")
    .getByRole("columnheader", { name: /Index/ })
    .getAttribute("aria-sort");
  const inOrder = [...names].sort((a, b) => a.localeCompare(b, "en"));
  expect(names).toEqual(direction === "ascending" ? inOrder : inOrder.reverse());

  await page.reload();
  await expect(page.getByTestId("weekly-table")).toHaveValue("public.invitations_order");
  const reloaded = await expectRows(page, (r) => r.table === "public.invitations_order");
  expect(reloaded.map((r) => r.name)).toEqual(names);
  await expect(page.getByTestId("wow-count")).toHaveText(`${names.length} of ${total} indexes`);
});

test("the per-table list is paged and filtered", async ({ page }) => {
  await page.goto("/targets/demo/weekly");
  const rollup = page.getByTestId("weekly-table-rollup");
  await expect(rollup.getByTestId("rollup-row").first()).toBeVisible();
  const all = toNumber(
    /of ([\d,]+) tables/.exec((await rollup.getByTestId("rollup-count").textContent()) ?? "")?.[1] ?? "",
  );
  expect(all).toBeGreaterThan(3);
  await rollup.getByTestId("rollup-search").fill("guest");
  await expect
    .poll(async () => {
      const tables = await rollup.getByTestId("rollup-row").locator("td:first-child").allTextContents();
      return tables.length > 0 && tables.every((t) => t.includes("guest"));
    })
    .toBe(true);
  const shown = await rollup.getByTestId("rollup-row").count();
  await expect(rollup.getByTestId("rollup-count")).toHaveText(`${shown} of ${all} tables`);
});

test("an invalid range in the link is shown as an error, with the range used instead", async ({ page }) => {
  await page.goto("/targets/demo/weekly?from=2026-02-01&to=2026-01-01");
  const error = page.getByRole("alert").filter({ hasText: "range" });
  await expect(error).toContainText("from (2026-02-01) is after to (2026-01-01)");
  await expect(error).toContainText(
    /Showing the last 8 weeks \(\d{4}-\d{2}-\d{2} → \d{4}-\d{2}-\d{2}\) instead/,
  );
  await expect(page.getByTestId("wow-row").first()).toBeVisible();

  await page.goto("/targets/demo/weekly?from=soon&to=2026-01-01");
  await expect(page.getByTestId("weekly-range-error")).toContainText('"soon" is not a date');
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
  await page
    .getByTestId("week-over-week-table")
    .getByRole("button", { name: /Change/ })
    .click();
  const summary = page.getByTestId("weekly-summary");
  await expect(summary).toContainText(`${from} → ${to}`);
  const rows = await expectRows(page, (r) => r.name.includes("idx"));
  const summaryText = (await summary.textContent()) ?? "";
  const countText = (await page.getByTestId("wow-count").textContent()) ?? "";
  const bookmarked = page.url();

  const other = await context.newPage();
  await other.goto(bookmarked);
  await expect(other.getByTestId("weekly-from")).toHaveValue(from);
  await expect(other.getByTestId("weekly-to")).toHaveValue(to);
  await expect(other.getByTestId("weekly-search")).toHaveValue("idx");
  await expect(other.getByTestId("weekly-summary")).toHaveText(summaryText);
  await expect(other.getByTestId("wow-count")).toHaveText(countText);
  await expect(other.getByTestId("wow-row").locator("td:first-child")).toHaveText(rows.map((r) => r.name));
});
