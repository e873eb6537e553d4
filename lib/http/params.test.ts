import { describe, expect, it } from "vitest";
import { oidParam, targetIdParam } from "./params";

describe("oidParam", () => {
  it("accepts a positive 32-bit oid and gives a number", () => {
    expect(oidParam.parse("16384")).toBe(16384);
    expect(oidParam.parse("4294967295")).toBe(4294967295);
  });

  it.each(["0", "-1", "1.5", "abc", "", "4294967296", "12 ", "1e3", "0x10", "1;DROP TABLE t"])(
    "refuses %j",
    (bad) => {
      expect(oidParam.safeParse(bad).success).toBe(false);
    },
  );
});

describe("targetIdParam", () => {
  it("accepts lower-case ids with dashes and refuses paths and markup", () => {
    expect(targetIdParam.safeParse("shop-eu-1").success).toBe(true);
    for (const bad of ["../etc", "Shop", "<script>", "", "a".repeat(64)]) {
      expect(targetIdParam.safeParse(bad).success, bad).toBe(false);
    }
  });
});
