import {
  getCatalogVersion,
  type IndexInventoryRow,
  listIndexDefinitions,
  listIndexedTableSizes,
} from "@/lib/catalog/index-inventory";
import type { Queryable } from "@/lib/db/query";

/** How long a table size may be reused: table sizes are dear at scale and move slowly. */
const TABLE_SIZE_MAX_AGE_MS = 60_000;

interface TargetCatalogCache {
  catalogVersion: string;
  /** oid → definition, valid while the index keeps its name, table and schema. */
  definitions: Map<number, { identity: string; definition: string }>;
  tableSizes: Map<number, number | null>;
  tableSizesReadAt: number;
}

const caches = new Map<string, TargetCatalogCache>();

const identityOf = (row: IndexInventoryRow) => `${row.schema}\u0000${row.table}\u0000${row.name}`;

/**
 * Cheap things often, dear things rarely: definitions are read only for indexes we have not
 * described yet (or after the catalog changed), table sizes at most once a minute.
 * A definition that cannot be read now (its table is locked) keeps its last known value.
 */
const STALE = "";

function cacheFor(targetId: string, catalogVersion: string): TargetCatalogCache {
  const cache = caches.get(targetId);
  if (!cache) {
    const fresh = { catalogVersion, definitions: new Map(), tableSizes: new Map(), tableSizesReadAt: 0 };
    caches.set(targetId, fresh);
    return fresh;
  }
  if (cache.catalogVersion !== catalogVersion) {
    // Re-read everything; the old text stays only as a stand-in for a locked table.
    cache.catalogVersion = catalogVersion;
    for (const entry of cache.definitions.values()) entry.identity = STALE;
    cache.tableSizesReadAt = 0;
  }
  return cache;
}

export async function describeIndexes(
  db: Queryable,
  targetId: string,
  rows: IndexInventoryRow[],
): Promise<{ definitions: Map<number, string | null>; tableSizes: Map<number, number | null> }> {
  const cache = cacheFor(targetId, await getCatalogVersion(db));
  const rowsByOid = new Map(rows.map((row) => [row.oid, row]));

  const missing = rows
    .filter((row) => cache.definitions.get(row.oid)?.identity !== identityOf(row))
    .map((row) => row.oid);
  if (missing.length > 0) {
    for (const { oid, definition } of await listIndexDefinitions(db, missing)) {
      const row = rowsByOid.get(oid);
      if (definition !== null && row) cache.definitions.set(oid, { identity: identityOf(row), definition });
    }
  }
  for (const oid of cache.definitions.keys()) if (!rowsByOid.has(oid)) cache.definitions.delete(oid);

  const unknownTable = rows.some((row) => !cache.tableSizes.has(row.table_oid));
  if (unknownTable || Date.now() - cache.tableSizesReadAt > TABLE_SIZE_MAX_AGE_MS) {
    cache.tableSizes = new Map((await listIndexedTableSizes(db)).map((r) => [r.table_oid, r.size_bytes]));
    cache.tableSizesReadAt = Date.now();
  }

  const definitions = new Map<number, string | null>();
  for (const row of rows) definitions.set(row.oid, cache.definitions.get(row.oid)?.definition ?? null);
  return { definitions, tableSizes: cache.tableSizes };
}
