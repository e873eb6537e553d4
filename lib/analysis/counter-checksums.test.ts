import { describe, expect, it } from "vitest";
import { judgeMovedRows, totalsOf } from "./counter-checksums";
import type { Counters } from "./deltas";

const counters = (scans: number, tuplesRead = scans * 2, tuplesFetched = scans): Counters => ({
  scans,
  tuplesRead,
  tuplesFetched,
});

/** Indexes as the sampler remembers them, and the server after some of them moved. */
function world(remembered: Array<[number, Counters]>, server: Array<[number, Counters]>) {
  return {
    remembered: totalsOf(remembered.map(([oid, c]) => ({ oid, counters: c }))),
    server: totalsOf(server.map(([oid, c]) => ({ oid, counters: c }))),
  };
}

describe("judgeMovedRows", () => {
  const before: Array<[number, Counters]> = [
    [16_384, counters(10)],
    [16_385, counters(0)],
    [16_390, counters(7)],
  ];

  it("accepts the moved rows when every other index is as remembered", () => {
    const after: Array<[number, Counters]> = [
      [16_384, counters(12)],
      [16_385, counters(0)],
      [16_390, counters(7)],
    ];
    const { remembered, server } = world(before, after);
    expect(judgeMovedRows(remembered, [{ before: counters(10), after: counters(12) }], server)).toBe(
      "accounted",
    );
    expect(judgeMovedRows(remembered, [], world(before, before).server)).toBe("accounted");
  });

  it("asks for every counter when an index moved without being reported (a late statistics flush)", () => {
    const after: Array<[number, Counters]> = [
      [16_384, counters(12)],
      [16_385, counters(1)],
      [16_390, counters(7)],
    ];
    const { remembered, server } = world(before, after);
    expect(judgeMovedRows(remembered, [{ before: counters(10), after: counters(12) }], server)).toBe(
      "counters",
    );
  });

  it("asks for every counter when one only read or fetched tuples", () => {
    const after: Array<[number, Counters]> = [
      [16_384, counters(10)],
      [16_385, counters(0)],
      [16_390, counters(7, 14, 9)],
    ];
    const { remembered, server } = world(before, after);
    expect(judgeMovedRows(remembered, [], server)).toBe("counters");
  });

  it("asks for every counter after a single index was reset to zero", () => {
    const after: Array<[number, Counters]> = [
      [16_384, counters(10)],
      [16_385, counters(0)],
      [16_390, counters(0)],
    ];
    const { remembered, server } = world(before, after);
    expect(judgeMovedRows(remembered, [], server)).toBe("counters");
  });

  it("asks for the names when an index was dropped and another created, even with the same count and zero counters", () => {
    const after: Array<[number, Counters]> = [
      [16_384, counters(10)],
      [16_391, counters(0)],
      [16_390, counters(7)],
    ];
    const { remembered, server } = world(before, after);
    expect(judgeMovedRows(remembered, [], server)).toBe("indexes");
    expect(judgeMovedRows(remembered, [], world(before, before.slice(1)).server)).toBe("indexes");
  });

  it("stays exact where a plain sum of the counters would pass 2^53", () => {
    const big = 2 ** 52 + 3;
    const many: Array<[number, Counters]> = [
      [16_384, counters(big, big, big)],
      [16_385, counters(big - 1, big, big)],
    ];
    const moved: Array<[number, Counters]> = [
      [16_384, counters(big + 1, big + 2, big)],
      [16_385, counters(big - 1, big, big)],
    ];
    const { remembered, server } = world(many, moved);
    expect(
      judgeMovedRows(
        remembered,
        [{ before: counters(big, big, big), after: counters(big + 1, big + 2, big) }],
        server,
      ),
    ).toBe("accounted");
    // One scan off is seen at that size too.
    expect(
      judgeMovedRows(
        remembered,
        [{ before: counters(big, big, big), after: counters(big, big + 2, big) }],
        server,
      ),
    ).toBe("counters");
  });
});
