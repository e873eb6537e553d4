import { expect, type Page, test } from "@playwright/test";
import { WORKLOAD_UNUSED_SEED_INDEXES } from "../lib/demo/workload-patterns";
import { totalShown } from "./support/app";

test.beforeEach(async ({ page }) => {
  page.on("dialog", (dialog) => {
    throw new Error(`unexpected dialog: ${dialog.message()}`);
  });
});

const rows = (page: Page) => page.getByTestId("unused-table").locator('tr[data-testid="finding-row"]');
const names = (page: Page) =>
  rows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-index-name")));

test("the Unused page lists the seed's never-used indexes with their window and flags", async ({ page }) => {
  await page.goto("/targets/demo/unused");
  await expect(page).toHaveTitle("Unused indexes · demo");
  const window = page.getByTestId("observation-window");
  // The window's start reads relative, the absolute time with its zone on hover.
  await expect(window).toContainText(/of observation, since (\d[\d,]* (s|min|h|days) ago|just now)/);
  await expect(window).not.toContainText(/since \d{4}-\d{2}-\d{2}/);
  const since = window.locator("p").first().locator("time");
  await expect(since).toHaveAttribute("title", /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \S+/);
  const api = await page.request.get("/api/v1/targets/demo/findings?format=json");
  const { window: apiWindow } = (await api.json()) as { window: { since: string } };
  await expect(since).toHaveAttribute("datetime", apiWindow.since);
  await expect(window).toHaveAttribute(
    "data-source",
    /^(history|live_stats|server_and_history|simulated_and_history)$/,
  );

  const table = page.getByTestId("unused-table");
  await expect(table).toBeVisible();
  // Every page, through the pager: each seed index once, and as many rows as the count says.
  const total = await totalShown(page);
  const seen: (string | null)[] = [];
  for (let first = 1; ; first += 50) {
    await expect(page.getByTestId("page-range")).toHaveText(new RegExp(`^${first}–`));
    await expect(page.getByTestId("page-loading")).toHaveCount(0);
    seen.push(...(await names(page)));
    if (await page.getByTestId("page-next").isDisabled()) break;
    await page.getByTestId("page-next").click();
  }
  expect(seen).toHaveLength(total);
  expect(new Set(seen).size).toBe(total);
  for (const name of WORKLOAD_UNUSED_SEED_INDEXES) expect(seen, name).toContain(name);
  if (total > 50) {
    // The page number is kept by a reload too; Previous goes back.
    await page.reload();
    await expect(page.getByTestId("page-range")).toHaveText(/^51–/);
    await page.getByTestId("page-previous").click();
  }
  await expect(page.getByTestId("page-range")).toHaveText(/^1–/);
  // The seed's workload never reads these, yet some must not simply go: each reason is a flag.
  await expect(
    table.locator('[data-testid="reason-flag"][data-code="backs_primary_key"]').first(),
  ).toBeVisible();
  expect(await table.locator('tr[data-safe="true"]').count()).toBeGreaterThan(0);
  // The header's count is the list's count.
  expect(total).toBeGreaterThanOrEqual(WORKLOAD_UNUSED_SEED_INDEXES.length);
  await expect(page.getByTestId("unused-summary")).toContainText(
    new RegExp(`^${total} (unused|zero-scan so far)`),
  );

  // Sorted by what a drop wins: sizes never grow down the list.
  const sizes = await rows(page).evaluateAll((trs) =>
    trs.map((tr) => tr.querySelector("td:nth-child(2) span")?.getAttribute("title") ?? ""),
  );
  expect(sizes.length).toBe(Math.min(total, 50));
  const bytes = sizes.map((title) => Number(title.replace(/ bytes$/, "").replaceAll(",", "")));
  for (const b of bytes) expect(b).toBeGreaterThan(0);
  for (let i = 1; i < bytes.length; i++) expect(bytes[i]).toBeLessThanOrEqual(bytes[i - 1] ?? 0);
});

test("search, safe-only and sort change the rows on the server, and survive a reload", async ({ page }) => {
  await page.goto("/targets/demo/unused");
  await expect(rows(page).first()).toBeVisible();
  const total = await totalShown(page);
  const target = WORKLOAD_UNUSED_SEED_INDEXES[0] ?? "";

  await page.getByTestId("filter-q").fill(target);
  await expect(page.getByTestId("page-range")).toHaveText("1–1 of 1");
  expect(await names(page)).toEqual([target]);
  await page.reload();
  await expect(page.getByTestId("filter-q")).toHaveValue(target);
  await expect(page.getByTestId("page-range")).toHaveText("1–1 of 1");
  expect(await names(page)).toEqual([target]);
  await page.getByTestId("filter-q").fill("");
  await expect(page.getByTestId("page-range")).toHaveText(new RegExp(` of ${total}$`));

  await page.getByTestId("filter-safe").check();
  await expect.poll(() => totalShown(page)).toBeLessThan(total);
  const safeTotal = await totalShown(page);
  expect(safeTotal).toBeGreaterThan(0);
  expect(await rows(page).count()).toBe(Math.min(safeTotal, 50));
  await expect(page.getByTestId("unused-table").locator('tr[data-safe="false"]')).toHaveCount(0);
  await page.getByTestId("filter-safe").uncheck();
  await expect(page.getByTestId("page-range")).toHaveText(new RegExp(` of ${total}$`));

  await page.getByTestId("sort-name").click();
  await expect(page.getByTestId("sort-name")).toHaveText(/▲$/);
  const ascending = await names(page);
  expect(ascending).toEqual([...ascending].sort());
  await page.getByTestId("sort-name").click();
  await expect(page.getByTestId("sort-name")).toHaveText(/▼$/);
  await expect.poll(async () => (await names(page))[0]).not.toBe(ascending[0]);
  const descending = await names(page);
  expect(descending).toEqual([...descending].sort().reverse());
  await page.reload();
  await expect(page.getByTestId("sort-name")).toHaveText(/▼$/);
  await expect.poll(() => names(page)).toEqual(descending);

  await page.getByTestId("filter-table").fill("no_such_table_anywhere");
  await expect(page.getByTestId("page-range")).toHaveText("0–0 of 0");
  await expect(page.getByTestId("unused-empty")).toHaveText("No unused index matches these filters.");
});

test("numbers read as people read them: units with exact bytes, times relative with the zone", async ({
  page,
}) => {
  await page.goto("/targets/demo/unused");
  await expect(rows(page).first()).toBeVisible();
  const table = page.getByTestId("unused-table");
  // No raw ISO timestamp anywhere a person reads.
  await expect(table).not.toContainText(/\d{4}-\d{2}-\d{2}T\d{2}:/);
  // A window joined from the server's counters and the history names two instants: each reads so.
  const evidenceTime = table.getByTestId("finding-evidence").first().locator("time").first();
  await expect(evidenceTime).toHaveText(/ ago$|^just now$/);
  await expect(evidenceTime).toHaveAttribute("title", /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \S+/);
  await expect(rows(page).first().locator("td:nth-child(2) span")).toHaveAttribute("title", /^[\d,]+ bytes$/);
  await expect(page.getByTestId("findings-freshness")).toContainText(/Computed (just now|\d+ \w+ ago)/);
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
  await expect(row.getByTestId("sql-undo")).toHaveText(undo);
});

test("on the demo, verdicts rest on its simulated history, labelled so on the page and in the API", async ({
  page,
}) => {
  await page.goto("/targets/demo/unused");
  const window = page.getByTestId("observation-window");
  await expect(window).toHaveAttribute("data-source", "simulated_and_history");
  await expect(window).toHaveAttribute("data-too-early", "false");
  await expect(window).toContainText(
    /\d+ days of simulated demo history since \d[\d,]* days ago, then .* observed by indexwatch since (.* ago|just now)/,
  );
  for (const time of await window.locator("time").all()) {
    await expect(time).toHaveAttribute("title", /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \S+/);
  }
  await expect(page.getByTestId("simulated-evidence")).toContainText("Simulated demo history");
  // Verdicts, not "too early to tell": some are safe to drop, and say where their proof comes from.
  await expect(page.getByTestId("unused-summary")).toContainText(/^\d+ unused .* safe to drop/);
  const safe = page.getByTestId("unused-table").locator('tr[data-safe="true"]').first();
  await expect(safe).toBeVisible();
  await expect(safe.getByTestId("finding-evidence")).toContainText("of simulated demo history");

  const response = await page.request.get("/api/v1/targets/demo/findings?format=json");
  const body = (await response.json()) as {
    window: { source: string; tooEarly: boolean; sources: { kind: string }[] };
    findings: { kind: string; safeToDrop: boolean; evidence: string }[];
  };
  expect(body.window.source).toBe("simulated_and_history");
  expect(body.window.tooEarly).toBe(false);
  expect(body.window.sources.map((s) => s.kind)).toEqual(["simulated", "history"]);
  const verdicts = body.findings.filter((f) => f.kind === "unused" && f.safeToDrop);
  expect(verdicts.length).toBeGreaterThan(0);
  for (const f of verdicts) expect(f.evidence).toContain("of simulated demo history");
});
