import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RestartBudget } from "./restart-budget";

describe("RestartBudget", () => {
  it("allows five restarts in five minutes, then refuses until the first one ages out", () => {
    const budget = new RestartBudget();
    const t0 = 1_000_000;
    for (let i = 0; i < 5; i++) expect(budget.take(t0 + i * 1000)).toBe(true);
    expect(budget.take(t0 + 10_000)).toBe(false);
    expect(budget.used(t0 + 10_000)).toBe(5);
    expect(budget.take(t0 + 5 * 60_000 - 1)).toBe(false);
    expect(budget.take(t0 + 5 * 60_000)).toBe(true);
    expect(budget.used(t0 + 5 * 60_000)).toBe(5);
  });

  it("never grants more than max restarts within any window", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.array(fc.integer({ min: 0, max: 5_000 }), { maxLength: 60 }),
        (max, windowMs, gaps) => {
          const budget = new RestartBudget(max, windowMs);
          const granted: number[] = [];
          let now = 0;
          for (const gap of gaps) {
            now += gap;
            if (budget.take(now)) granted.push(now);
          }
          for (const start of granted) {
            expect(granted.filter((t) => t >= start && t < start + windowMs).length).toBeLessThanOrEqual(max);
          }
        },
      ),
    );
  });
});
