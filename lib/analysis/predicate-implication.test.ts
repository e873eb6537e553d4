import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { impliedByKeyLookup, notNullColumn, topLevelConjuncts } from "./predicate-implication";

/** How PostgreSQL writes an identifier: bare when it may, else in quotes with quotes doubled. */
const quoteIdent = (name: string) =>
  /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
const notNull = (name: string) => `(${quoteIdent(name)} IS NOT NULL)`;
const conjunction = (parts: string[]) => (parts.length === 1 ? (parts[0] ?? "") : `(${parts.join(" AND ")})`);

describe("predicate implied by a foreign-key lookup", () => {
  it("splits only at top-level AND, never inside parentheses or quotes", () => {
    expect(topLevelConjuncts("((a IS NOT NULL) AND (b IS NOT NULL))")).toEqual([
      "a IS NOT NULL",
      "b IS NOT NULL",
    ]);
    expect(topLevelConjuncts('("x AND y" IS NOT NULL)')).toEqual(['"x AND y" IS NOT NULL']);
    expect(topLevelConjuncts("((a IS NOT NULL) OR (b IS NOT NULL))")).toBeNull();
    expect(topLevelConjuncts("(a IS NOT NULL")).toBeNull();
  });

  it("reads the column of IS NOT NULL, quoted or not, and nothing else", () => {
    expect(notNullColumn("(invited_by_id IS NOT NULL)")).toBe("invited_by_id");
    expect(notNullColumn('("Weird ""Col""" IS NOT NULL)')).toBe('Weird "Col"');
    expect(notNullColumn("(a IS NULL)")).toBeNull();
    expect(notNullColumn("(lower(a) IS NOT NULL)")).toBeNull();
    expect(notNullColumn('("a"b" IS NOT NULL)')).toBeNull();
  });

  it("holds for IS NOT NULL over any subset of the key's columns, whatever their names", () => {
    const name = fc.string({ minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(fc.uniqueArray(name, { minLength: 1, maxLength: 4 }), fc.nat(), (keys, pick) => {
        const subset = keys.filter((_, i) => (pick >> i) & 1 || i === 0);
        expect(impliedByKeyLookup(conjunction(subset.map(notNull)), keys)).toBe(true);
      }),
    );
  });

  it("fails when any conjunct names a column outside the key, and never throws on arbitrary text", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 8 }), { minLength: 2, maxLength: 4 }),
        (names) => {
          const [outside, ...keys] = names;
          if (outside === undefined) return;
          expect(impliedByKeyLookup(conjunction([...keys.map(notNull), notNull(outside)]), keys)).toBe(false);
        },
      ),
    );
    fc.assert(
      fc.property(fc.string(), fc.array(fc.string()), (text, keys) => {
        expect(typeof impliedByKeyLookup(text, keys)).toBe("boolean");
      }),
    );
  });
});
