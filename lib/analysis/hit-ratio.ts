import type { IndexFacts, IndexIo, TableActivity } from "./types";

export interface HitRatioRow {
  oid: number;
  schema: string;
  table: string;
  name: string | null;
  blocksHit: number;
  blocksRead: number;
  /** Share of block requests served from shared buffers, 0–1; null when nothing was read. */
  ratio: number | null;
}

export function hitRatio(hit: number, read: number): number | null {
  const total = hit + read;
  return total > 0 ? hit / total : null;
}

/**
 * A ratio over fewer block requests than this says nothing (an index read twice, once from
 * disk, is "50%"): such rows are not listed, so the list never leads with one.
 */
export const HIT_RATIO_MIN_BLOCKS = 1_000;

/** Buffer hit ratio per index (pg_statio_user_indexes) and per table (heap and its indexes), worst first. */
export function hitRatios(
  indexes: readonly IndexFacts[],
  io: readonly IndexIo[],
  tables: readonly TableActivity[],
  minBlocks = HIT_RATIO_MIN_BLOCKS,
): { indexes: HitRatioRow[]; tables: HitRatioRow[] } {
  const ioByOid = new Map(io.map((row) => [row.oid, row]));
  const indexRows = indexes.flatMap((index): HitRatioRow[] => {
    const row = ioByOid.get(index.oid);
    if (!row) return [];
    return [
      {
        oid: index.oid,
        schema: index.schema,
        table: index.table,
        name: index.name,
        blocksHit: row.blocksHit,
        blocksRead: row.blocksRead,
        ratio: hitRatio(row.blocksHit, row.blocksRead),
      },
    ];
  });
  const tableRows = tables.map((t) => {
    const hit = t.heapBlocksHit + t.indexBlocksHit;
    const read = t.heapBlocksRead + t.indexBlocksRead;
    return {
      oid: t.tableOid,
      schema: t.schema,
      table: t.table,
      name: null,
      blocksHit: hit,
      blocksRead: read,
      ratio: hitRatio(hit, read),
    };
  });
  const worstFirst = (a: HitRatioRow, b: HitRatioRow) =>
    (a.ratio ?? 2) - (b.ratio ?? 2) || b.blocksRead - a.blocksRead;
  const enough = (row: HitRatioRow) => row.blocksHit + row.blocksRead >= minBlocks;
  return {
    indexes: indexRows.filter(enough).sort(worstFirst),
    tables: tableRows.filter(enough).sort(worstFirst),
  };
}
