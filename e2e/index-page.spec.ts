import { expect, type Page, test } from "@playwright/test";
import type pg from "pg";
import { WORKLOAD_UNUSED_SEED_INDEXES } from "../lib/demo/workload-patterns";
import { demoIndexOid, logIn } from "./support/app";
import { withDemoDatabase } from "./support/demo-db";
import { E2E_OPERATOR_PASSWORD } from "./support/e2e-env";

// The index page as an operator lives it: its story first, a confirmation before anything
// rewrites or drops, the same page through a rebuild, and a clear end after a drop; then a
// table's leftovers cleaned in one go.

const STORY_TABLE = "e2e_story";
const STORY_INDEX = "e2e_story_v_idx";
const LEFTOVER_TABLE = "e2e_leftovers";

test.beforeAll(async () => {
  await withDemoDatabase(async (db) => {
    await db.query(`DROP TABLE IF EXISTS ${STORY_TABLE}, ${LEFTOVER_TABLE}`);
    await db.query(`
      CREATE TABLE ${STORY_TABLE} (id int PRIMARY KEY, v int NOT NULL);
      INSERT INTO ${STORY_TABLE} SELECT g, g % 50 FROM generate_series(1, 5000) g;
      CREATE INDEX ${STORY_INDEX} ON ${STORY_TABLE} (v);
      CREATE TABLE ${LEFTOVER_TABLE} (id int PRIMARY KEY, tag int NOT NULL, body text);
      INSERT INTO ${LEFTOVER_TABLE} SELECT g, g % 10, 'x' FROM generate_series(1, 5000) g;
      CREATE INDEX ${LEFTOVER_TABLE}_tag_idx ON ${LEFTOVER_TABLE} (tag);
    `);
  });
});

test.beforeEach(async ({ page }) => {
  page.on("dialog", (dialog) => {
    throw new Error(`unexpected browser dialog: ${dialog.message()}`);
  });
});

async function actionsOn(page: Page, oid: number): Promise<number> {
  const response = await page.request.get(`/api/v1/actions?target=demo&oid=${oid}`);
  return ((await response.json()) as { actions: unknown[] }).actions.length;
}

async function catalogIndexes(db: pg.Client, table: string): Promise<string[]> {
  const { rows } = await db.query(
    `SELECT c.relname AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      WHERE i.indrelid IN ($1::regclass, (SELECT reltoastrelid FROM pg_class WHERE oid = $1::regclass))
      ORDER BY 1`,
    [table],
  );
  return rows.map((r: { name: string }) => r.name);
}

test("an index page tells its story, asks before acting, follows the index through a REINDEX and ends at a DROP", async ({
  page,
}) => {
  test.setTimeout(180_000);
  const oid = await demoIndexOid(page, STORY_INDEX);
  await logIn(page, "operator", E2E_OPERATOR_PASSWORD, `/targets/demo/indexes/${oid}`);

  await expect(page.getByTestId("index-name")).toHaveText(STORY_INDEX);
  await expect(page).toHaveTitle(`${STORY_INDEX} · Indexes · demo`);
  // The index as the sampler's latest poll saw it, and how old that poll is.
  await expect(page.getByTestId("snapshot-age")).toHaveText(/^as of (just now|\d+ s ago)$/);
  // Its story first: findings and actions above the figures, history and definition.
  const findings = page.getByTestId("index-findings");
  await expect(findings).toContainText("What indexwatch finds");
  const findingsTop = (await findings.boundingBox())?.y ?? Number.POSITIVE_INFINITY;
  const actionsTop =
    (await page.getByTestId("index-actions-panel").boundingBox())?.y ?? Number.POSITIVE_INFINITY;
  const definitionTop = (await page.getByTestId("index-definition").boundingBox())?.y ?? 0;
  expect(findingsTop).toBeLessThan(definitionTop);
  expect(actionsTop).toBeLessThan(900);

  // REINDEX asks first, saying what runs, what it locks and how to undo it; cancelling runs nothing.
  await page.getByTestId("reindex-index-button").click();
  const dialog = page.getByTestId("confirm-dialog");
  await expect(dialog.getByTestId("confirm-sql")).toHaveText(
    `REINDEX INDEX CONCURRENTLY public.${STORY_INDEX};`,
  );
  await expect(dialog.getByTestId("confirm-locks")).toContainText(
    `SHARE UPDATE EXCLUSIVE on public.${STORY_TABLE}`,
  );
  await expect(dialog.getByTestId("confirm-undo")).toContainText("Nothing to undo");
  await dialog.getByTestId("confirm-cancel").click();
  await expect(dialog).toHaveCount(0);
  expect(await actionsOn(page, oid)).toBe(0);

  await page.getByTestId("reindex-index-button").click();
  await dialog.getByTestId("confirm-run").click();
  const progress = page.getByTestId("action-progress");
  await expect(progress.getByTestId("action-status")).toHaveAttribute("data-status", "succeeded", {
    timeout: 60_000,
  });
  // The same page, the same index: rebuilt under a new OID, its history still there.
  await expect(page.getByTestId("rebuilt-mark")).toBeVisible();
  await expect(page.getByTestId("index-name")).toHaveText(STORY_INDEX);
  await expect(page.getByTestId("index-history")).toBeVisible();
  expect(await demoIndexOid(page, STORY_INDEX)).not.toBe(oid);
  // Its former OIDs (an earlier run's too: same name, same identity) include the one before.
  // The header says it, and the rebuild's own record too: the header's is the first.
  await expect(page.getByText(new RegExp(`\\(was [0-9, ]*\\b${oid}\\b`)).first()).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("index-name")).toHaveText(STORY_INDEX);
  await expect(page.getByTestId("index-not-found")).toHaveCount(0);
  // The old OID's link still leads to the index.
  await page.goto(`/targets/demo/indexes/${oid}`);
  await expect(page.getByTestId("index-name")).toHaveText(STORY_INDEX);
  await expect(page.getByTestId("rebuilt-mark")).toBeVisible();
  await expect(page.getByTestId("reindex-index-button")).toBeEnabled();

  // DROP asks too, with the undo; cancelling keeps the index.
  await page.getByTestId("drop-index-button").click();
  await expect(dialog.getByTestId("confirm-sql")).toHaveText(
    `DROP INDEX CONCURRENTLY public.${STORY_INDEX};`,
  );
  await expect(dialog.getByTestId("confirm-undo-sql")).toHaveText(
    `CREATE INDEX CONCURRENTLY ${STORY_INDEX} ON public.${STORY_TABLE} USING btree (v);`,
  );
  await dialog.getByTestId("confirm-cancel").click();
  await expect(dialog).toHaveCount(0);
  expect(await withDemoDatabase((db) => catalogIndexes(db, STORY_TABLE))).toContain(STORY_INDEX);

  await page.getByTestId("drop-index-button").click();
  await dialog.getByTestId("confirm-run").click();
  // The end of the story: when, by whom, how to get it back, and nothing left to press.
  const dropped = page.getByTestId("index-dropped");
  await expect(dropped).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId("dropped-summary")).toContainText(
    /Dropped at \d{4}-\d\d-\d\d \d\d:\d\d \((just now|\d+ \w+ ago)\) by operator/,
  );
  await expect(page.getByTestId("dropped-summary").locator("time")).toHaveAttribute(
    "title",
    /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \S+/,
  );
  await expect(page.getByTestId("dropped-undo-sql")).toHaveText(
    `CREATE INDEX CONCURRENTLY ${STORY_INDEX} ON public.${STORY_TABLE} USING btree (v);`,
  );
  await expect(page.getByTestId("reindex-index-button")).toHaveCount(0);
  await expect(page.getByTestId("drop-index-button")).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId("dropped-summary")).toContainText("by operator");
  await expect(page.getByTestId("reindex-table-button")).toHaveCount(0);
});

test("a cancelled REINDEX TABLE's leftovers, the TOAST table's too, go in one confirmed clean-up", async ({
  page,
}) => {
  test.setTimeout(180_000);
  // A REINDEX TABLE CONCURRENTLY cancelled while it waits for a writer leaves one _ccnew per index.
  await withDemoDatabase(async (writer) => {
    await withDemoDatabase(async (rebuilder) => {
      await writer.query("BEGIN");
      await writer.query(`INSERT INTO ${LEFTOVER_TABLE} VALUES (100001, 1, 'y')`);
      const pid = Number((await rebuilder.query("SELECT pg_backend_pid() AS pid")).rows[0]?.pid);
      const rebuild = rebuilder.query(`REINDEX TABLE CONCURRENTLY ${LEFTOVER_TABLE}`).catch((e: Error) => e);
      await withDemoDatabase(async (watcher) => {
        await expect
          .poll(async () => {
            const { rows } = await watcher.query(
              "SELECT phase FROM pg_stat_progress_create_index WHERE pid = $1",
              [pid],
            );
            return String(rows[0]?.phase ?? "");
          })
          .toMatch(/waiting for writers/);
        await watcher.query("SELECT pg_cancel_backend($1)", [pid]);
      });
      expect(String(await rebuild)).toMatch(/canceling statement/);
      await writer.query("ROLLBACK");
    });
  });
  const leftoverNames = (await withDemoDatabase((db) => catalogIndexes(db, LEFTOVER_TABLE))).filter((n) =>
    n.endsWith("_ccnew"),
  );
  expect(leftoverNames).toHaveLength(3);

  const tagIndexOid = await demoIndexOid(page, `${LEFTOVER_TABLE}_tag_idx`);
  await logIn(page, "operator", E2E_OPERATOR_PASSWORD, `/targets/demo/indexes/${tagIndexOid}`);
  // A second REINDEX TABLE is refused, with the reason, before anything runs.
  await expect(page.getByTestId("table-leftovers")).toContainText("3 leftovers");
  await page.getByTestId("reindex-table-button").click();
  const dialog = page.getByTestId("confirm-dialog");
  await expect(dialog.getByTestId("confirm-refused")).toContainText(
    `public.${LEFTOVER_TABLE} has 3 leftovers of an interrupted rebuild`,
  );
  await expect(dialog.getByTestId("confirm-run")).toBeDisabled();
  await dialog.getByTestId("confirm-cancel").click();

  await page.goto("/targets/demo/actions");
  await expect(page).toHaveTitle("Actions · demo");
  const group = page.locator(`[data-testid="table-leftover-group"][data-table="public.${LEFTOVER_TABLE}"]`);
  await expect(group.getByTestId("leftover-row")).toHaveCount(3);
  await expect(group).toContainText(`on the TOAST table of public.${LEFTOVER_TABLE}`);
  // Each name whole in its title, and on one line: never broken inside the identifier.
  const shownNames = group.getByTestId("leftover-name");
  const titles = await shownNames.evaluateAll((spans) => spans.map((s) => s.getAttribute("title") ?? ""));
  for (const name of leftoverNames)
    expect(
      titles.some((t) => t.endsWith(`.${name}`)),
      name,
    ).toBe(true);
  for (const span of await shownNames.all()) {
    const box = await span.evaluate((el) => ({
      height: el.getBoundingClientRect().height,
      line: Number.parseFloat(getComputedStyle(el).lineHeight),
      wordBreak: getComputedStyle(el).wordBreak,
    }));
    expect(box.wordBreak).not.toBe("break-all");
    expect(box.height).toBeLessThanOrEqual(box.line + 1);
  }
  await group.getByTestId("leftover-cleanup").click();
  const statements = dialog.getByTestId("confirm-sql");
  for (const name of leftoverNames) await expect(statements).toContainText(name);
  await expect(statements).toContainText("DROP INDEX CONCURRENTLY pg_toast.");
  await expect(dialog.getByTestId("confirm-undo")).toContainText("Nothing to get back");
  await dialog.getByTestId("confirm-cancel").click();
  expect(
    (await withDemoDatabase((db) => catalogIndexes(db, LEFTOVER_TABLE))).filter((n) => n.endsWith("_ccnew")),
  ).toHaveLength(3);

  await group.getByTestId("leftover-cleanup").click();
  await dialog.getByTestId("confirm-run").click();
  // Gone from the list as soon as the clean-up finishes, well before the 15 s poll.
  await expect(group).toHaveCount(0, { timeout: 10_000 });
  expect(
    (await withDemoDatabase((db) => catalogIndexes(db, LEFTOVER_TABLE))).filter((n) => n.endsWith("_ccnew")),
  ).toEqual([]);
});

test("a never-scanned index's page gives its verdict or says it is too early, never 'nothing to act on'", async ({
  page,
}) => {
  // A seed index the demo's workload never reads.
  const name = WORKLOAD_UNUSED_SEED_INDEXES[0] ?? "";
  const oid = await demoIndexOid(page, name);
  await page.goto(`/targets/demo/indexes/${oid}`);
  await expect(page.getByTestId("index-name")).toHaveText(name);
  const verdict = page
    .getByTestId("index-findings-too-early")
    .or(page.locator('[data-testid="index-finding"][data-kind="unused"]'));
  await expect(verdict.first()).toBeVisible();
  await expect(verdict.first()).toContainText(/too early to tell|Unused/);
  await expect(page.getByTestId("index-findings-none")).toHaveCount(0);
  // The server's window in the unit it fills: a demo started minutes ago is not "0 days" old.
  const serverCounter = page.getByTestId("stat-server-scans");
  await expect(serverCounter).toContainText(
    /since \d{4}-\d{2}-\d{2} \((\d+ (s|min|h)|[\d,]+ days?), (stats reset|server start)\)/,
  );
  await expect(serverCounter).not.toContainText("(0 days");
});

test("a partitioned index's page leads to its partitions' indexes, where its history and statements are", async ({
  page,
}) => {
  const parent = "e2e_parts_kind_idx";
  await withDemoDatabase((db) =>
    db.query(`
      DROP TABLE IF EXISTS e2e_parts;
      CREATE TABLE e2e_parts (id int, at date NOT NULL, kind text) PARTITION BY RANGE (at);
      CREATE TABLE e2e_parts_a PARTITION OF e2e_parts FOR VALUES FROM ('2026-01-01') TO ('2026-07-01');
      CREATE TABLE e2e_parts_b PARTITION OF e2e_parts FOR VALUES FROM ('2026-07-01') TO ('2027-01-01');
      INSERT INTO e2e_parts SELECT g, date '2026-01-01' + g % 360, 'k' || g % 9 FROM generate_series(1, 2000) g;
      CREATE INDEX ${parent} ON e2e_parts (kind);
    `),
  );
  try {
    const oid = await demoIndexOid(page, parent);
    await page.goto(`/targets/demo/indexes/${oid}`);
    await expect(page.getByTestId("index-name")).toHaveText(parent);
    const partitions = page.getByTestId("index-partitions");
    await expect(partitions.getByTestId("index-partitions-note")).toContainText("holds no rows");
    await expect(partitions.getByTestId("index-partition-link")).toHaveText([
      "e2e_parts_a_kind_idx",
      "e2e_parts_b_kind_idx",
    ]);
    // Not an error where a parent has no history or plans of its own.
    await expect(page.getByTestId("index-statements")).toHaveCount(0);
    await expect(page.getByTestId("index-detail").getByRole("alert")).toHaveCount(0);

    await partitions.getByTestId("index-partition-link").first().click();
    await expect(page.getByTestId("index-name")).toHaveText("e2e_parts_a_kind_idx");
    await expect(page.getByTestId("index-statements")).toBeVisible();
    await expect(page.getByTestId("index-partitions")).toHaveCount(0);
  } finally {
    await withDemoDatabase((db) => db.query("DROP TABLE IF EXISTS e2e_parts"));
  }
});
