/**
 * The whole findings analysis (every catalog read of lib/catalog/findings-*.ts and every rule
 * of lib/analysis), computed from scratch, against PgHero's duplicate-index check alone (its
 * index-definition query, plus the covering test it runs on the result), on the same catalog
 * in one run. Reported for information (issue 14): ours does far more than that one check.
 * Usage: npx tsx bench/findings-vs-pghero.ts [indexCount ...]
 */
import pg from "pg";
import { analyzeFindings } from "../lib/analysis/analyze-findings";
import { readCatalogFacts } from "../lib/findings/catalog-facts";
import { liveObservation } from "../lib/findings/live-observation";
import { startCluster } from "../test/support/pg-cluster";
import { generateCatalog } from "./support/generated-catalog";
import { interleavedMedians, ratioLine } from "./support/measure";

/** What PgHero reads to find duplicate indexes: each index's definition, columns and flags. */
const PGHERO_STYLE_INDEX_QUERY = `
SELECT ui.schemaname AS schema, t.relname AS "table", ix.relname AS name,
       regexp_replace(pg_get_indexdef(i.indexrelid), '^[^\\(]*\\((.*)\\)$', '\\1') AS columns,
       regexp_replace(pg_get_indexdef(i.indexrelid), '.* USING ([^ ]*) \\(.*', '\\1') AS using,
       i.indisunique AS unique, i.indisprimary AS primary, i.indisvalid AS valid,
       i.indexprs::text, i.indpred::text, pg_get_indexdef(i.indexrelid) AS definition
  FROM pg_index i
  JOIN pg_class t ON t.oid = i.indrelid
  JOIN pg_class ix ON ix.oid = i.indexrelid
  LEFT JOIN pg_stat_user_indexes ui ON ui.indexrelid = i.indexrelid
 WHERE ui.schemaname IS NOT NULL
 ORDER BY 1, 2`;

interface PgHeroIndex {
  table: string;
  schema: string;
  name: string;
  columns: string;
  using: string;
  unique: boolean;
  primary: boolean;
  valid: boolean;
  indexprs: string | null;
  indpred: string | null;
}

/** PgHero's covering test: an index whose column list starts another's of the same table. */
function pgheroDuplicates(rows: PgHeroIndex[]): number {
  const byTable = new Map<string, PgHeroIndex[]>();
  for (const row of rows)
    byTable.set(`${row.schema}.${row.table}`, [...(byTable.get(`${row.schema}.${row.table}`) ?? []), row]);
  let found = 0;
  for (const row of rows) {
    if (row.primary || row.unique || row.indexprs || row.indpred || !row.valid) continue;
    const cols = row.columns.split(", ");
    const cover = (byTable.get(`${row.schema}.${row.table}`) ?? []).find((other) => {
      if (
        other.name === row.name ||
        other.using !== row.using ||
        other.indexprs ||
        other.indpred ||
        !other.valid
      )
        return false;
      const otherCols = other.columns.split(", ");
      return (
        cols.every((c, i) => otherCols[i] === c) && (other.columns !== row.columns || row.name > other.name)
      );
    });
    if (cover) found++;
  }
  return found;
}

async function benchOne(indexCount: number) {
  const cluster = await startCluster({ major: 18 });
  try {
    const database = `bench_findings_${indexCount}`;
    console.log(`generating ${indexCount} indexes`);
    await generateCatalog(cluster, database, indexCount, console.log);
    await cluster.query("VACUUM ANALYZE", [], database);
    const pool = new pg.Pool({ connectionString: cluster.url(database), max: 2 });
    const ours = async () => {
      const facts = await readCatalogFacts(pool);
      const now = new Date().toISOString();
      const report = analyzeFindings({
        ...facts,
        observation: { ...liveObservation(facts.indexes, now, now), days: 30 },
        minDays: 7,
        bloatThresholds: { minPercent: 30, minBytes: 1_048_576 },
      });
      if (facts.indexes.length < indexCount) throw new Error(`analysis saw ${facts.indexes.length} indexes`);
      return report.findings.length;
    };
    const theirs = async () => {
      const { rows } = await pool.query<PgHeroIndex>(PGHERO_STYLE_INDEX_QUERY);
      return pgheroDuplicates(rows);
    };
    console.log(`findings: ${await ours()}, PgHero-style duplicates: ${await theirs()}`);
    const [oursMs, theirsMs] = await interleavedMedians(ours, theirs, 7, 1);
    await pool.end();
    console.log(
      ratioLine(
        `findings analysis (all kinds) vs PgHero's duplicate check at ${indexCount} indexes`,
        oursMs,
        theirsMs,
      ),
    );
  } finally {
    await cluster.destroy();
  }
}

const counts = process.argv.slice(2).map(Number);
for (const count of counts.length ? counts : [10_000]) await benchOne(count);
process.exit(0);
