import { expect, type Page, test } from "@playwright/test";
import { WORKLOAD_PATTERNS, WORKLOAD_UNUSED_SEED_INDEXES } from "../lib/demo/workload-patterns";
import { withDemoDatabase } from "./support/demo-db";

// Which statements use an index, as a DBA reads it: the demo workload's statements on the index
// pages their generic plans use, with the plan node; a note under each unused index; and a
// statement with hostile text shown as text.

const HOSTILE_TABLE = "e2e_hostile";
const HOSTILE_INDEX = "e2e_hostile_v_idx";
const HOSTILE_MARK = `<img src=x onerror=window.__pwned=1> ' " ü 🐘`;

test.beforeEach(async ({ page }) => {
  page.on("dialog", (dialog) => {
    throw new Error(`unexpected dialog: ${dialog.message()}`);
  });
});

interface IndexStatementsBody {
  available: boolean;
  statements: { query: string; node: string; calls: number }[];
}

/** Waits until the plan cycle linked a statement matching `text` to the index (identity key). */
async function waitForLinkedStatement(page: Page, key: string, text: string): Promise<void> {
  await expect
    .poll(
      async () => {
        const response = await page.request.get(`/api/v1/targets/demo/indexes/${key}/statements`);
        if (!response.ok()) return `HTTP ${response.status()}`;
        const body = (await response.json()) as IndexStatementsBody;
        return body.statements.some((s) => s.query.includes(text)) ? "linked" : "not yet";
      },
      { timeout: 150_000, intervals: [2_000] },
    )
    .toBe("linked");
}

test("an index page lists the demo workload's statements whose plans use it, with the plan node", async ({
  page,
}) => {
  test.setTimeout(240_000);
  const pattern = WORKLOAD_PATTERNS.find((p) => p.name === "orders_by_status");
  const sql = pattern?.sql[0];
  const index = pattern?.usesIndexes[0];
  if (!sql || !index) throw new Error("the orders_by_status pattern changed");
  const key = `public.invitations_order.${index}`;
  const whereClause = sql.split("\n").find((line) => line.startsWith("WHERE")) ?? sql;
  await waitForLinkedStatement(page, key, whereClause);

  await page.goto(`/targets/demo/indexes/${key}`);
  const section = page.getByTestId("index-statements");
  await expect(section.getByRole("heading", { name: "Statements that use it" })).toBeVisible();
  const row = section.getByTestId("index-statement-row").filter({ hasText: whereClause });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId("index-statement-node")).toHaveText(
    /^(Index Scan|Index Only Scan|Bitmap Index Scan)/,
  );
  // The workload runs it every few seconds: calls per day is a positive number.
  await expect(row.getByTestId("index-statement-calls")).toHaveText(/^[1-9][\d,.]*$|^0\.[1-9]$/);
});

interface PlannedIndexesBody {
  available: boolean;
  indexes: { name: string; statements: number; ranInRange: number }[];
}

test("the Unused page notes under each unused index what the statement plans say of it", async ({ page }) => {
  test.setTimeout(240_000);
  // Once the plan cycle has linked the workload's busiest statements (the first test waits too).
  let planned: PlannedIndexesBody = { available: false, indexes: [] };
  await expect
    .poll(
      async () => {
        const response = await page.request.get("/api/v1/targets/demo/plans/indexes");
        planned = (await response.json()) as PlannedIndexesBody;
        return planned.available && planned.indexes.length >= 5;
      },
      { timeout: 150_000, intervals: [2_000] },
    )
    .toBe(true);
  const unplanned = WORKLOAD_UNUSED_SEED_INDEXES.find(
    (name) => !planned.indexes.some((i) => i.name === name),
  );
  if (!unplanned) throw new Error("every unused seed index is in some statement's plan");
  const noteOf = async (name: string) => {
    await page.goto(`/targets/demo/unused?q=${encodeURIComponent(name)}`);
    const row = page
      .getByTestId("unused-table")
      .locator('tr[data-testid="finding-row"]')
      .filter({ has: page.getByTestId("finding-name").getByText(name, { exact: true }) });
    await expect(row).toHaveCount(1);
    return row.getByTestId("planned-statements-note");
  };
  await expect(await noteOf(unplanned)).toHaveText("No tracked statement plans to use it.");

  // An unused index a generic plan does pick (the custom plans, with real values, chose another).
  const inAPlan = planned.indexes.find((i) => WORKLOAD_UNUSED_SEED_INDEXES.includes(i.name));
  if (inAPlan) {
    const count = `${inAPlan.statements} ${inAPlan.statements === 1 ? "statement plans" : "statements plan"} to use it`;
    await expect(await noteOf(inAPlan.name)).toContainText(count);
  }
});

test("a statement with hostile text shows as text on its index's page", async ({ page }) => {
  test.setTimeout(240_000);
  await withDemoDatabase(async (db) => {
    await db.query(`DROP TABLE IF EXISTS ${HOSTILE_TABLE}`);
    await db.query(`
      CREATE TABLE ${HOSTILE_TABLE} (id int PRIMARY KEY, v int NOT NULL);
      INSERT INTO ${HOSTILE_TABLE} SELECT g, g % 1000 FROM generate_series(1, 20000) g;
      CREATE INDEX ${HOSTILE_INDEX} ON ${HOSTILE_TABLE} (v);
      ANALYZE ${HOSTILE_TABLE};
    `);
    // Slow on purpose (pg_sleep), so that it is among the busiest statements and gets planned.
    for (let i = 0; i < 30; i++) {
      await db.query(
        `SELECT id FROM ${HOSTILE_TABLE} WHERE v = $1 AND pg_sleep(0.1) IS NOT NULL /* ${HOSTILE_MARK} */`,
        [i],
      );
    }
  });
  await waitForLinkedStatement(page, `public.${HOSTILE_TABLE}.${HOSTILE_INDEX}`, HOSTILE_MARK);

  await page.goto(`/targets/demo/indexes/public.${HOSTILE_TABLE}.${HOSTILE_INDEX}`);
  const text = page.getByTestId("index-statement-text").filter({ hasText: HOSTILE_MARK });
  await expect(text).toHaveCount(1);
  await expect(page.getByTestId("index-statements").locator("img")).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});

test("duplicate and redundant findings say how many statements each side serves", async ({ page }) => {
  test.setTimeout(240_000);
  await expect
    .poll(
      async () => {
        const response = await page.request.get("/api/v1/targets/demo/plans/indexes");
        const body = (await response.json()) as PlannedIndexesBody;
        return body.available && body.indexes.length >= 5;
      },
      { timeout: 150_000, intervals: [2_000] },
    )
    .toBe(true);
  await page.goto("/targets/demo/findings?kind=duplicate,redundant");
  const notes = page.getByTestId("findings-table").getByTestId("overlap-statements-note");
  await expect(notes.first()).toBeVisible();
  const texts = await notes.allTextContents();
  expect(texts.length).toBeGreaterThan(0);
  for (const text of texts) {
    expect(text).toMatch(/^Statement plans: \d+ statements? uses? this index, \d+ uses? \S+ \(kept\)\.$/);
  }
});
