import { describe, expect, it } from "vitest";
import { weekChange } from "./rollup";
import { selectWeeklyRows } from "./rollup-filter";

function row(name: string, table: string, thisWeek: number, lastWeek: number) {
  return { schema: "public", table, name, ...weekChange({ thisWeek, lastWeek }) };
}

const rows = [
  row("a_idx", "orders", 10, 20),
  row("b_idx", "orders", 0, 5),
  row("c_key", "users", 100, 100),
  row("d_idx", "users", 7, 0),
];

describe("selectWeeklyRows", () => {
  it("filters by name, table and trend, and counts the matches before the page is cut", () => {
    expect(selectWeeklyRows(rows, { q: "IDX" }).matched).toBe(3);
    expect(selectWeeklyRows(rows, { table: "public.orders" }).rows.map((r) => r.name)).toEqual([
      "a_idx",
      "b_idx",
    ]);
    expect(selectWeeklyRows(rows, { trend: "newly_unused" }).rows.map((r) => r.name)).toEqual(["b_idx"]);
  });
  it("sorts either way and pages", () => {
    expect(selectWeeklyRows(rows, {}).rows.map((r) => r.name)).toEqual(["c_key", "a_idx", "d_idx", "b_idx"]);
    expect(selectWeeklyRows(rows, { sort: "change", desc: false }).rows[0]?.name).toBe("a_idx");
    const page = selectWeeklyRows(rows, { sort: "name", desc: false, offset: 1, limit: 2 });
    expect(page).toEqual({ rows: [rows[1], rows[2]], matched: 4 });
  });
});
