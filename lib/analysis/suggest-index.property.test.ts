import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type ColumnCondition,
  parseFilterConditions,
  parseSortKeys,
  splitConjuncts,
} from "./plan-conditions";
import {
  MAX_SUGGESTED_COLUMNS,
  suggestedIndexName,
  suggestIndexColumns,
  truncateIdentifier,
} from "./suggest-index";

/** quote_ident's rule, minus the keyword list (a quoted keyword parses the same). */
function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}

/** Column names as hostile as PostgreSQL allows: quotes, spaces, unicode, parentheses, AND. */
const columnName = fc.oneof(
  fc.stringMatching(/^[a-z_][a-z0-9_]{0,12}$/),
  fc.constantFrom('we"ird', "with space", "ünï çødé", "a AND b", "x)y(", "Upper", "dot.ted", "'q'", "😀"),
  fc.string({ minLength: 1, maxLength: 10 }).filter((s) => !s.includes("\0")),
);
const columnSet = fc.uniqueArray(columnName, { minLength: 1, maxLength: 6 });
const value = fc.constantFrom("$1", "'pending'::text", "42", "'a AND b'::text", "'(x)'::text", "now()");
const cast = fc.constantFrom("", "::text", "::character varying(32)", "::numeric");

/** One conjunct as EXPLAIN prints it, with the kind an index would see in it. */
const conjunct = (columns: string[]) =>
  fc
    .record({
      column: fc.constantFrom(...columns),
      operator: fc.constantFrom("=", "<", "<=", ">", ">=", "= ANY", "<>"),
      value,
      cast,
      qualified: fc.boolean(),
    })
    .map(({ column, operator, value: v, cast: c, qualified }) => {
      const ref = `${qualified ? "t." : ""}${quoteIdent(column)}`;
      const left = c ? `(${ref})${c}` : ref;
      const right = operator === "= ANY" ? `('{1,2}'::integer[])` : v;
      const kind = operator === "=" || operator === "= ANY" ? "equality" : operator === "<>" ? null : "range";
      return { text: `(${left} ${operator} ${right})`, column, kind };
    });

describe("parseFilterConditions", () => {
  it("finds each column's strongest condition in any AND of EXPLAIN-printed comparisons", () => {
    fc.assert(
      fc.property(
        columnSet.chain((columns) =>
          fc.tuple(fc.constant(columns), fc.array(conjunct(columns), { minLength: 1, maxLength: 5 })),
        ),
        ([columns, conjuncts]) => {
          const filter =
            conjuncts.length === 1
              ? (conjuncts[0]?.text ?? "")
              : `(${conjuncts.map((c) => c.text).join(" AND ")})`;
          const expected = new Map<string, string>();
          for (const c of conjuncts) {
            if (!c.kind) continue;
            if (expected.get(c.column) !== "equality") expected.set(c.column, c.kind);
          }
          const parsed = parseFilterConditions(filter, columns);
          expect(new Map(parsed.map((p) => [p.column, p.kind]))).toEqual(expected);
        },
      ),
    );
  });

  it("never names a column the table does not have, whatever the text", () => {
    fc.assert(
      fc.property(fc.string(), columnSet, (filter, columns) => {
        for (const c of parseFilterConditions(filter, columns)) expect(columns).toContain(c.column);
      }),
    );
  });

  it("leaves out expressions, OR, LIKE and comparisons to another column's function", () => {
    const columns = ["email", "status", "id"];
    expect(parseFilterConditions("(lower((email)::text) = 'x'::text)", columns)).toEqual([]);
    expect(parseFilterConditions("((status = 'a'::text) OR (id = 3))", columns)).toEqual([]);
    expect(parseFilterConditions("((email)::text ~~ 'a%'::text)", columns)).toEqual([]);
    expect(parseFilterConditions("((status)::text = 'a'::text) AND (id > 3)", columns)).toEqual([
      { column: "status", kind: "equality" },
      { column: "id", kind: "range" },
    ]);
  });

  it("splits only on a top-level AND outside quotes", () => {
    expect(splitConjuncts("((a = 'x AND y'::text) AND (b = 1))")).toEqual(["a = 'x AND y'::text", "b = 1"]);
  });
});

describe("parseSortKeys", () => {
  it("reads plain sort keys in order, stopping at the first expression", () => {
    fc.assert(
      fc.property(
        columnSet,
        fc.array(fc.constantFrom("", " DESC", " ASC", " DESC NULLS LAST", " NULLS FIRST")),
        (columns, directions) => {
          const keys = columns.map(
            (c, i) => `${quoteIdent(c)}${directions[i % Math.max(1, directions.length)] ?? ""}`,
          );
          expect(parseSortKeys(keys, columns)).toEqual(columns);
          expect(parseSortKeys(["lower(x)", ...keys], columns)).toEqual([]);
        },
      ),
    );
  });
});

const condition = (columns: string[]) =>
  fc.record({
    column: fc.constantFrom(...columns),
    kind: fc.constantFrom("equality" as const, "range" as const),
  });

describe("suggestIndexColumns", () => {
  it("puts every equality before the range and the sort keys, each column once, within the cap", () => {
    fc.assert(
      fc.property(
        columnSet.chain((columns) =>
          fc.tuple(
            fc.array(condition(columns), { maxLength: 6 }),
            fc.uniqueArray(fc.constantFrom(...columns), { maxLength: 4 }),
          ),
        ),
        ([conditions, sortKeys]: [ColumnCondition[], string[]]) => {
          const suggested = suggestIndexColumns(conditions, sortKeys);
          expect(new Set(suggested).size).toBe(suggested.length);
          expect(suggested.length).toBeLessThanOrEqual(MAX_SUGGESTED_COLUMNS);
          const equalities = new Set(conditions.filter((c) => c.kind === "equality").map((c) => c.column));
          const firstOther = suggested.findIndex((c) => !equalities.has(c));
          if (firstOther >= 0)
            for (const c of suggested.slice(firstOther)) expect(equalities.has(c)).toBe(false);
          const ranges = suggested.filter(
            (c) => conditions.some((x) => x.column === c && x.kind === "range") && !equalities.has(c),
          );
          expect(ranges.length).toBeLessThanOrEqual(1);
          // Nothing to serve, nothing suggested; something to serve, something suggested.
          expect(suggested.length > 0).toBe(conditions.length > 0 || sortKeys.length > 0);
          for (const c of suggested) expect([...conditions.map((x) => x.column), ...sortKeys]).toContain(c);
        },
      ),
    );
  });

  it("keeps sort keys only when no range column comes before them", () => {
    expect(suggestIndexColumns([{ column: "user_id", kind: "equality" }], ["created"])).toEqual([
      "user_id",
      "created",
    ]);
    expect(
      suggestIndexColumns(
        [
          { column: "created", kind: "range" },
          { column: "user_id", kind: "equality" },
        ],
        ["id"],
      ),
    ).toEqual(["user_id", "created"]);
  });
});

describe("suggestedIndexName", () => {
  it("stays within 63 bytes on a character boundary and ends in _idx", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 80, unit: "grapheme" }),
        fc.array(columnName, { maxLength: 4 }),
        (table, columns) => {
          const name = suggestedIndexName(table, columns);
          expect(Buffer.byteLength(name, "utf8")).toBeLessThanOrEqual(63);
          expect(name.endsWith("_idx")).toBe(true);
          // Cut on a character boundary: what precedes _idx is a whole-character prefix of the
          // joined name (a cut inside a character would leave a U+FFFD the input never had).
          expect([table, ...columns].join("_").startsWith(name.slice(0, -"_idx".length))).toBe(true);
          expect(Buffer.from(name, "utf8").toString("utf8")).toBe(name);
        },
      ),
    );
    expect(truncateIdentifier("é".repeat(40))).toBe("é".repeat(31));
  });
});
