import { describe, expect, it } from "vitest";
import { firstInOrder } from "./first-in-order";

// A small deterministic generator: the same "random" rows on every run.
function rows(n: number) {
  let seed = 42;
  const next = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed;
  };
  return Array.from({ length: n }, (_, i) => ({ i, scans: next() % 50 }));
}

const byScansDesc = (a: { scans: number }, b: { scans: number }) => b.scans - a.scans;

describe("firstInOrder", () => {
  it("gives exactly what a stable full sort gives, ties in input order", () => {
    const items = rows(5_000);
    for (const k of [1, 7, 200, 600, 4_999, 5_000, 6_000]) {
      const expected = [...items].sort(byScansDesc).slice(0, k);
      expect(firstInOrder(items, k, byScansDesc), `k=${k}`).toEqual(expected);
    }
  });

  it("gives nothing for k of zero or an empty input", () => {
    expect(firstInOrder(rows(10), 0, byScansDesc)).toEqual([]);
    expect(firstInOrder([], 5, byScansDesc)).toEqual([]);
  });
});
