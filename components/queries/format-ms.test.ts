import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatMs } from "./format-ms";

describe("formatMs", () => {
  it("names the unit that reads best", () => {
    expect(formatMs(0.421)).toBe("0.42 ms");
    expect(formatMs(12.34)).toBe("12.3 ms");
    expect(formatMs(512.4)).toBe("512 ms");
    expect(formatMs(4_200)).toBe("4.2 s");
    expect(formatMs(186_000)).toBe("3.1 min");
    expect(formatMs(9_000_000)).toBe("2.5 h");
    expect(formatMs(Number.NaN)).toBe("—");
    expect(formatMs(null)).toBe("—");
  });
  it("always ends in a unit for any finite non-negative time", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e15, noNaN: true }), (ms) => {
        expect(formatMs(ms)).toMatch(/^\d+(\.\d+)? (ms|s|min|h)$/);
      }),
    );
  });
});
