import {
  getCatalogVersion,
  type IndexCatalogRow,
  type IndexCountersRow,
  listIndexCatalog,
  listIndexDefinitions,
  listIndexedTableSizes,
} from "@/lib/catalog/index-inventory";
import type { Queryable } from "@/lib/db/query";

interface TargetCatalogCache {
  catalogVersion: string;
  catalog: Map<number, IndexCatalogRow>;
  /** oid → definition, valid while the index keeps its name, table and schema. */
  definitions: Map<number, { identity: string; definition: string }>;
  tableSizes: Map<number, number | null>;
  tableSizesReadAt: number;
}

export interface DescribedIndexes {
  catalog: Map<number, IndexCatalogRow>;
  /** oid → last known definition; missing while it could not be read yet (table locked). */
  definitions: ReadonlyMap<number, { definition: string }>;
  tableSizes: Map<number, number | null>;
}

const caches = new Map<string, TargetCatalogCache>();

const identityOf = (row: IndexCatalogRow) => `${row.schema}\u0000${row.table}\u0000${row.name}`;

/**
 * Cheap things often, dear things rarely. Names, flags and definitions change only with
 * DDL: they are read again when the catalog version moved or an index appeared, went away
 * or was renamed (other DDL, such as a renamed table, shows once the statistics that the
 * catalog version counts are flushed: seconds); table sizes when the caller sizes the
 * indexes too (`sizeTables`: the sampler's sizing polls) or were never read. A definition that cannot be read now (its table is locked) keeps its
 * last known text.
 */
export async function describeIndexes(
  db: Queryable,
  targetId: string,
  counters: IndexCountersRow[],
  sizeTables: boolean,
): Promise<DescribedIndexes> {
  const catalogVersion = await getCatalogVersion(db);
  let cache = caches.get(targetId);
  const sameSet =
    cache !== undefined &&
    cache.catalog.size === counters.length &&
    counters.every((row) => cache?.catalog.get(row.oid)?.name === row.name);
  if (!cache || cache.catalogVersion !== catalogVersion || !sameSet) {
    const catalog = new Map((await listIndexCatalog(db)).map((row) => [row.oid, row]));
    cache = {
      catalogVersion,
      catalog,
      definitions: cache?.definitions ?? new Map(),
      tableSizes: cache?.tableSizes ?? new Map(),
      tableSizesReadAt: 0,
    };
    caches.set(targetId, cache);
    await refreshDefinitions(db, cache);
  }

  if (sizeTables || cache.tableSizesReadAt === 0) {
    cache.tableSizes = new Map((await listIndexedTableSizes(db)).map((r) => [r.table_oid, r.size_bytes]));
    cache.tableSizesReadAt = Date.now();
  }

  return { catalog: cache.catalog, definitions: cache.definitions, tableSizes: cache.tableSizes };
}

/** Reads the definitions of indexes not described yet, or renamed, or after DDL. */
async function refreshDefinitions(db: Queryable, cache: TargetCatalogCache) {
  for (const oid of cache.definitions.keys()) if (!cache.catalog.has(oid)) cache.definitions.delete(oid);
  const wanted = [...cache.catalog.values()].map((row) => row.oid);
  if (wanted.length === 0) return;
  for (const { oid, definition } of await listIndexDefinitions(db, wanted)) {
    const row = cache.catalog.get(oid);
    // NULL: the table is locked; the last known text stays as the stand-in.
    if (definition !== null && row) cache.definitions.set(oid, { identity: identityOf(row), definition });
  }
}
