import { expect, type Page, test } from "@playwright/test";
import { WORKLOAD_UNUSED_SEED_INDEXES } from "../lib/demo/workload-patterns";
import { logIn } from "./support/app";
import { withDemoDatabase } from "./support/demo-db";
import { E2E_OPERATOR_PASSWORD } from "./support/e2e-env";

// Issue 12, point 3's last sentence: a rebuild that starts the server's counters over at 0
// (REINDEX CONCURRENTLY carries them over; a drop and create under the same name does not)
// leaves Overview and Indexes with the scans the history kept, labelled as the history's.

interface InventoryRow {
  oid: number;
  name: string;
  primary: boolean;
  unique: boolean;
  constraint: unknown;
  partitioned: boolean;
  scans: number | null;
  historyScans: { scans: number; since: string; rebuiltAt: string } | null;
}

async function inventory(page: Page): Promise<InventoryRow[]> {
  const response = await page.request.get("/api/v1/targets/demo/indexes");
  return ((await response.json()) as { indexes: InventoryRow[] }).indexes;
}

test.beforeEach(async ({ page }) => {
  page.on("dialog", (dialog) => {
    throw new Error(`unexpected browser dialog: ${dialog.message()}`);
  });
});

test("a rebuilt index keeps its scans: carried over by REINDEX, else from the history on Overview and Indexes, labelled so", async ({
  page,
}) => {
  test.setTimeout(180_000);
  // The most scanned index the workload reads: it stays among the top 20 by scans.
  let busiest: InventoryRow | undefined;
  await expect
    .poll(async () => {
      // One a plain DROP INDEX can drop (below): no key, constraint or partitions behind it.
      const rows = (await inventory(page)).filter(
        (r) => !r.primary && !r.unique && r.constraint === null && !r.partitioned && (r.scans ?? 0) > 0,
      );
      busiest = rows.sort((a, b) => (b.scans ?? 0) - (a.scans ?? 0))[0];
      return busiest?.scans ?? 0;
    })
    .toBeGreaterThan(0);
  const { oid, name } = busiest as InventoryRow;

  await logIn(page, "operator", E2E_OPERATOR_PASSWORD, `/targets/demo/indexes/${oid}`);
  await expect(page.getByTestId("index-name")).toHaveText(name);
  await page.getByTestId("reindex-index-button").click();
  await page.getByTestId("confirm-dialog").getByTestId("confirm-run").click();
  await expect(page.getByTestId("action-progress").getByTestId("action-status")).toHaveAttribute(
    "data-status",
    "succeeded",
    { timeout: 90_000 },
  );

  // Its SQL wraps between tokens only, never inside a name.
  const sql = page.getByTestId("action-progress").getByTestId("action-sql");
  await expect(sql).toHaveText(new RegExp(`^REINDEX INDEX CONCURRENTLY public\\.${name};?$`));
  expect(
    await sql.evaluate((el) => [getComputedStyle(el).wordBreak, getComputedStyle(el).overflowWrap]),
  ).toEqual(["normal", "normal"]);

  // The index page's action list reads "… ago", the exact time and zone on hover.
  const when = page.getByTestId("index-action-row").first().locator("time");
  await expect(when).toHaveText(/ ago$|^just now$/);
  await expect(when).toHaveAttribute("title", /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \S+/);

  // REINDEX CONCURRENTLY carries the counters over: a new OID, the scans it had, never "0".
  let reindexed: InventoryRow | undefined;
  await expect
    .poll(
      async () => {
        reindexed = (await inventory(page)).find((r) => r.name === name);
        return reindexed !== undefined && reindexed.oid !== oid;
      },
      { timeout: 60_000 },
    )
    .toBe(true);
  expect(reindexed?.scans ?? 0).toBeGreaterThanOrEqual(busiest?.scans ?? 0);
  expect(reindexed?.historyScans).toBeNull();

  // A rebuild by hand (drop and create under the same name, in one transaction) starts the
  // counters over: the history keeps what it saw, and the pages show that.
  const before = (await inventory(page)).find((r) => r.name === name);
  await withDemoDatabase(async (db) => {
    const { rows } = await db.query("SELECT pg_get_indexdef(to_regclass($1)) AS def", [`public.${name}`]);
    const definition = String(rows[0]?.def ?? "");
    expect(definition).toMatch(/^CREATE INDEX /);
    await db.query("BEGIN");
    await db.query(`DROP INDEX public.${name}`);
    await db.query(definition);
    await db.query("COMMIT");
  });
  let rebuilt: InventoryRow | undefined;
  await expect
    .poll(
      async () => {
        rebuilt = (await inventory(page)).find((r) => r.name === name);
        return rebuilt?.oid !== before?.oid && (rebuilt?.historyScans?.scans ?? 0) > 0;
      },
      { timeout: 60_000 },
    )
    .toBe(true);
  const history = (rebuilt as InventoryRow).historyScans as NonNullable<InventoryRow["historyScans"]>;
  expect(history.scans).toBeGreaterThan((rebuilt as InventoryRow).scans ?? 0);

  // Indexes: the row reads the history's figure, marked "history", the reason on hover.
  await page.goto(`/targets/demo/indexes?name=${encodeURIComponent(name)}`);
  const row = page.getByTestId("index-row").filter({ has: page.getByRole("link", { name, exact: true }) });
  const figure = row.getByTestId("scans-from-history");
  await expect(figure).toHaveText(/^[\d,]+ history$/);
  const shown = Number(((await figure.textContent()) ?? "").replace(" history", "").replaceAll(",", ""));
  expect(shown).toBeGreaterThan(0);
  await expect(figure).toHaveAttribute(
    "title",
    /^Rebuilt .*: the server's counters started over at 0\. [\d,]+ scans observed by indexwatch's history since /,
  );
  await expect(row).not.toContainText("never");

  // Overview: the top-by-scans chart's table lists it with the history's figure, labelled.
  await page.goto("/targets/demo");
  const chart = page.getByTestId("chart-top-scans");
  await chart.getByText("Show as table").click();
  const overviewRow = chart.locator("tr").filter({ has: page.getByRole("link", { name, exact: true }) });
  await expect(overviewRow.getByTestId("scans-from-history")).toHaveText(/^[\d,]+ history$/);
  await expect(overviewRow.getByTestId("scans-from-history")).toHaveAttribute("title", /started over at 0/);
  // A name the table cuts short is whole on hover.
  await expect(overviewRow.getByRole("link", { name, exact: true })).toHaveAttribute("title", name);
});

test("Actions, Overview and Fleet: times relative with the zone on hover, sizes with exact bytes", async ({
  page,
}) => {
  await page.goto("/targets/demo/actions");
  const rows = page.getByTestId("action-row");
  await expect(rows.first()).toBeVisible();
  await expect(page.getByTestId("actions-table")).not.toContainText(/\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}/);
  const when = rows.first().locator("time").first();
  await expect(when).toHaveText(/ ago$|^just now$/);
  await expect(when).toHaveAttribute("title", /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \S+/);

  await page.goto("/targets/demo");
  const size = page.getByTestId("card-total-size").locator("span[title]").first();
  await expect(size).toHaveText(/^[\d.]+ (bytes|kB|MB|GB|TB)$/);
  await expect(size).toHaveAttribute("title", /^[\d,]+ bytes$/);
  await expect(page.getByTestId("card-stats-window").locator("time")).toHaveAttribute(
    "title",
    /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \S+/,
  );

  // Weekly: every name a list or the legend cuts short is whole on hover.
  await page.goto("/targets/demo/weekly");
  const legendNames = page.getByTestId("daily-legend-name");
  await expect(legendNames.first()).toBeVisible();
  for (const legend of await legendNames.all()) {
    const title = (await legend.getAttribute("title")) ?? "";
    const shown = (await legend.textContent()) ?? "";
    expect(title.startsWith(shown.replace(/…$/, ""))).toBe(true);
  }
  for (const link of await page.getByTestId("newly-used").getByRole("link").all()) {
    await expect(link).toHaveAttribute("title", (await link.textContent()) ?? "");
  }

  // An index page's verdict: instants relative, the exact time and zone on hover.
  const idle = (await inventory(page)).find((r) => r.name === WORKLOAD_UNUSED_SEED_INDEXES[0]);
  await page.goto(`/targets/demo/indexes/${idle?.oid}`);
  const evidence = page
    .locator('[data-testid="index-finding"][data-kind="unused"]')
    .getByTestId("index-finding-evidence");
  await expect(evidence).toContainText("of simulated demo history");
  await expect(evidence).not.toContainText(/\d{4}-\d{2}-\d{2}T\d{2}:/);
  await expect(evidence.locator("time").first()).toHaveAttribute(
    "title",
    /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \S+/,
  );

  // The printed digest: instants absolute with their zone, never raw ISO.
  await page.goto("/targets/demo/digest");
  const digest = page.locator('[data-testid="digest-target"][data-target="demo"]');
  await expect(digest.getByTestId("digest-totals")).toBeVisible();
  await expect(digest).not.toContainText(/\d{4}-\d{2}-\d{2}T\d{2}:/);

  await page.goto("/fleet");
  const window = page.getByTestId("fleet-stats-window").first();
  await expect(window).toBeVisible();
  await expect(window).toHaveAttribute("title", /^since \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \S+ \(/);
  await expect(window).not.toHaveAttribute("title", /T\d{2}:/);
});
