import type pg from "pg";
import { z } from "zod";
import {
  INSERT_ACTIVITY_LOGS_SQL,
  INSERT_CATEGORIES_SQL,
  INSERT_GUESTS_SQL,
  INSERT_INVITATIONS_SQL,
  INSERT_ORDERS_SQL,
  INSERT_PHONE_VERIFICATIONS_SQL,
  INSERT_PLANS_SQL,
  INSERT_TEMPLATES_SQL,
  INSERT_USERS_SQL,
  INSERT_VIEW_LOGS_SQL,
  UPDATE_DENORMALIZED_COUNTS_SQL,
} from "./demo-data-sql";
import { DEMO_DJANGO_CONSTRAINT_SQL, DEMO_SEED_INDEX_SQL, DEMO_TABLE_NAMES, DEMO_TABLE_SQL } from "./schema";

export { DEMO_ROW_COUNTS } from "./demo-data-sql";

/**
 * The demo marks itself loaded with a comment on one of its own tables. It is written in
 * the same transaction as the data, so it exists exactly when the load finished, and it
 * adds no table of ours to the database the dashboard is watching.
 */
const MARKER_TABLE = "invitations_order";
const MARKER = "indexwatch demo v1";

export type DemoProgress = (step: string, done: number, total: number) => void;

interface LoadStep {
  label: string;
  statements: readonly string[];
}

const LOAD_STEPS: readonly LoadStep[] = [
  { label: "Creating tables", statements: DEMO_TABLE_SQL },
  {
    label: "Loading plans, categories and templates",
    statements: [INSERT_PLANS_SQL, INSERT_CATEGORIES_SQL, INSERT_TEMPLATES_SQL],
  },
  { label: "Loading 10,000 users", statements: [INSERT_USERS_SQL] },
  { label: "Loading 50,000 orders", statements: [INSERT_ORDERS_SQL] },
  { label: "Loading 40,000 invitations", statements: [INSERT_INVITATIONS_SQL] },
  { label: "Loading 200,000 guests", statements: [INSERT_GUESTS_SQL] },
  { label: "Loading 300,000 invitation views", statements: [INSERT_VIEW_LOGS_SQL] },
  { label: "Loading 500,000 activity log rows", statements: [INSERT_ACTIVITY_LOGS_SQL] },
  { label: "Loading 20,000 phone verifications", statements: [INSERT_PHONE_VERIFICATIONS_SQL] },
  {
    label: "Updating counters and id sequences",
    statements: [
      ...UPDATE_DENORMALIZED_COUNTS_SQL,
      // Rows were inserted with explicit ids: move each identity past them, as Django's
      // loaddata does with sqlsequencereset, so new rows get fresh ids.
      ...DEMO_TABLE_NAMES.map(
        (table) => `SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT max(id) FROM ${table}))`,
      ),
    ],
  },
  // Constraints and indexes come after the data: one sort per index instead of a
  // million index insertions, and one validating join per foreign key instead of a
  // trigger per row.
  { label: "Adding Django's foreign keys and indexes", statements: DEMO_DJANGO_CONSTRAINT_SQL },
  { label: "Marking the demo as loaded", statements: [`COMMENT ON TABLE ${MARKER_TABLE} IS '${MARKER}'`] },
  // Last, so that nothing in the load can count as a scan of these indexes.
  { label: "Creating the 43 indexes of the seed report", statements: DEMO_SEED_INDEX_SQL },
];

const FINAL_STEP = "Vacuuming and analyzing";

const markerRow = z.object({ comment: z.string().nullable() });

/** True when a previous loadDemoData() finished in this database. */
export async function isDemoLoaded(client: pg.ClientBase): Promise<boolean> {
  const result = await client.query(
    `SELECT obj_description(to_regclass('${MARKER_TABLE}'), 'pg_class') AS comment`,
  );
  return markerRow.parse(result.rows[0]).comment === MARKER;
}

/**
 * Creates the demo schema and fills it in one transaction (a failed load leaves nothing
 * behind), then vacuums and analyzes so the planner and the visibility map look like a
 * database that has been running for a while. Does nothing if the demo is already loaded.
 */
export async function loadDemoData(client: pg.ClientBase, onProgress: DemoProgress): Promise<void> {
  const total = LOAD_STEPS.length + 1;
  if (await isDemoLoaded(client)) {
    onProgress("Demo data already loaded", total, total);
    return;
  }
  await client.query("BEGIN");
  try {
    // Settings for this transaction only: the client belongs to the caller.
    await client.query(`
      SET LOCAL synchronous_commit = off;
      SET LOCAL jit = off;
      SET LOCAL maintenance_work_mem = '256MB';
      SET LOCAL work_mem = '64MB';
      SELECT setseed(0.4242)`);
    for (const [index, step] of LOAD_STEPS.entries()) {
      onProgress(step.label, index, total);
      for (const statement of step.statements) await client.query(statement);
    }
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
  onProgress(FINAL_STEP, LOAD_STEPS.length, total);
  // ANALYZE samples 300 × the statistics target rows at random. For the view log's
  // invitation_id that sample left the planner near a tie between Django's invitation_id index
  // and viewlog_invitation_viewed_idx: PostgreSQL 14 chose one on some loads, the other on
  // others. A target of 1,000 samples all 300,000 rows (and every later ANALYZE does too):
  // exact statistics, the same plan on every load.
  await client.query(
    "ALTER TABLE invitations_invitationviewlog ALTER COLUMN invitation_id SET STATISTICS 1000",
  );
  // VACUUM cannot run inside a transaction block; one statement per table keeps it so.
  for (const table of DEMO_TABLE_NAMES) await client.query(`VACUUM (ANALYZE) ${table}`);
  // The load's own reads (each foreign key's validating join, the denormalized counts'
  // updates) scanned primary keys no one reads afterwards. The demo's counters begin where
  // its data is in: stats_reset says so, and the usage window starts there, not at the
  // server's start, so those keys show as the unused ones they are.
  await client.query("SELECT pg_stat_reset()");
  onProgress("Demo data loaded", total, total);
}
