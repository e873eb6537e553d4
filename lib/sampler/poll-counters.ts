import type { Queryable } from "@/lib/db/query";
import type { IndexName } from "./poll-batch";
import type { SamplerMemory } from "./sample-once";
import { type OidCounterRow, readIndexCounters, readIndexCountersByOid } from "./target-queries";

/** A poll's row: the names are there when the poll read them (`named`). */
export type PollRow = OidCounterRow & Partial<IndexName>;

/**
 * The counters of one poll. Names change only with DDL: while the catalog fingerprint has not
 * moved since the last poll and every OID is one we know, only OIDs and counters are read
 * and the names come from memory. Anything else (a new or missing OID, a moved fingerprint,
 * no memory yet) and every sizing poll read the names too, so a rename whose statistics were
 * slow to flush is picked up at the latest by the next sizing poll (10 minutes by default).
 */
export async function readPollCounters(
  db: Queryable,
  memory: SamplerMemory,
  keyByOid: ReadonlyMap<number, string>,
  catalogVersion: string,
  forceNamed: boolean,
): Promise<{ rows: PollRow[]; named: boolean }> {
  const lean = !forceNamed && memory.catalogVersion === catalogVersion && memory.indexes.size > 0;
  if (lean) {
    const counters = await readIndexCountersByOid(db);
    if (allKnown(counters, memory, keyByOid)) return { rows: counters, named: false };
  }
  return { rows: await readIndexCounters(db), named: true };
}

/** Exactly the indexes we remember, by OID: the names we have are theirs. */
function allKnown(
  counters: readonly OidCounterRow[],
  memory: SamplerMemory,
  keyByOid: ReadonlyMap<number, string>,
): boolean {
  if (counters.length !== memory.indexes.size) return false;
  for (const row of counters) {
    const key = keyByOid.get(row.oid);
    if (key === undefined || memory.indexes.get(key)?.oid !== row.oid) return false;
  }
  return true;
}
