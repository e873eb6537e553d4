import { describe, expect, it } from "vitest";
import { sumPartitionedParents } from "./partition-sums";

type Row = Parameters<typeof sumPartitionedParents>[0][number];

const row = (
  oid: number,
  parentOid: number | null,
  partitioned: boolean,
  figures: Partial<Row> = {},
): Row => ({
  oid,
  parentOid,
  partitioned,
  sizeBytes: partitioned ? 0 : null,
  tableOid: oid * 100,
  tableSizeBytes: partitioned ? 0 : null,
  scans: null,
  tuplesRead: null,
  tuplesFetched: null,
  lastScanAt: null,
  lastSeenScanned: null,
  partitionsSummed: null,
  ...figures,
});

describe("sumPartitionedParents", () => {
  it("sums the leaf partitions' indexes through nested partitioned levels", () => {
    const rows = [
      row(1, null, true),
      row(2, 1, true),
      row(3, 2, false, {
        sizeBytes: 100,
        scans: 4,
        tuplesRead: 10,
        tuplesFetched: 5,
        lastScanAt: "2026-01-02T00:00:00.000Z",
      }),
      row(4, 2, false, {
        sizeBytes: 50,
        scans: 1,
        tuplesRead: 2,
        tuplesFetched: 1,
        lastScanAt: "2026-01-03T00:00:00.000Z",
      }),
      row(5, 1, false, {
        sizeBytes: 8,
        scans: 0,
        tuplesRead: 0,
        tuplesFetched: 0,
        lastSeenScanned: { from: "2026-01-01T10:20:00.000Z", to: "2026-01-01T10:30:00.000Z" },
      }),
    ];
    sumPartitionedParents(rows);
    const [top, middle] = rows;
    expect(top).toMatchObject({
      sizeBytes: 158,
      scans: 5,
      tuplesRead: 12,
      tuplesFetched: 6,
      partitionsSummed: 3,
    });
    expect(top?.lastScanAt).toBe("2026-01-03T00:00:00.000Z");
    expect(top?.lastSeenScanned).toEqual({
      from: "2026-01-01T10:20:00.000Z",
      to: "2026-01-01T10:30:00.000Z",
    });
    expect(middle).toMatchObject({ sizeBytes: 150, scans: 5, partitionsSummed: 2 });
    expect(middle?.lastSeenScanned).toBeNull();
  });

  it("gives a partitioned index's table the size of its partitions", () => {
    const rows = [
      row(1, null, true),
      row(2, 1, true),
      row(3, 2, false, { tableSizeBytes: 1000 }),
      row(4, 2, false, { tableSizeBytes: 500 }),
      row(5, 1, false, { tableSizeBytes: 80 }),
      row(6, 1, false, { tableSizeBytes: null }),
    ];
    sumPartitionedParents(rows);
    expect(rows[0]?.tableSizeBytes).toBe(1580);
    expect(rows[1]?.tableSizeBytes).toBe(1500);
    expect(rows[2]?.tableSizeBytes).toBe(1000);
  });

  it("adds what is known: an unsized partition does not blank the sum; no partitions is zero", () => {
    const rows = [
      row(1, null, true),
      row(2, 1, false, { sizeBytes: null, scans: 3 }),
      row(3, 1, false, { sizeBytes: 40, scans: null }),
      row(9, null, true),
    ];
    sumPartitionedParents(rows);
    expect(rows[0]).toMatchObject({ sizeBytes: 40, scans: 3, partitionsSummed: 2 });
    expect(rows[3]).toMatchObject({ sizeBytes: 0, scans: 0, partitionsSummed: 0 });
  });
});
