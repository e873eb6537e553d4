import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkPlannableStatement, lexStatement } from "./statement-kind";

describe("checkPlannableStatement", () => {
  it.each([
    ["SELECT * FROM t WHERE a = $1", "select", 1],
    ["  /* app:orders */ select 1;  ", "select", 0],
    ["-- lead\nUPDATE t SET a = $2 WHERE id = $11", "update", 11],
    ["INSERT INTO t VALUES ($1, $2)", "insert", 2],
    ["DELETE FROM t WHERE id IN ($1 /*, ... */)", "delete", 1],
    ["WITH x AS (SELECT 1) SELECT * FROM x", "select", 0],
    ["WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT * FROM r", "select", 0],
    ["WITH moved AS (DELETE FROM a RETURNING *) INSERT INTO b SELECT * FROM moved", "insert", 0],
    ["SELECT 'it''s $9' , $$ $5 $$, $tag$ ; $tag$ FROM t WHERE a = $3", null, 0],
  ] as const)("%s", (text, kind, parameterCount) => {
    const result = checkPlannableStatement(text);
    if (kind === null) expect(result.ok).toBe(false);
    else expect(result).toMatchObject({ ok: true, kind, parameterCount });
  });

  it.each([
    "VACUUM t",
    "SELECT 1; COMMIT",
    "SELECT 1;; ",
    "COMMIT",
    "EXPLAIN SELECT 1",
    "MERGE INTO t USING s ON true WHEN MATCHED THEN DELETE",
    "WITH x AS (SELECT 1) MERGE INTO t USING x ON true WHEN MATCHED THEN DELETE",
    "CREATE TABLE t AS SELECT 1",
    "SELECT /* never closed",
    "SELECT 'never closed",
    'SELECT "never closed',
    "SELECT $q$ never closed",
    "",
    "   ;",
    "-- only a comment",
  ])("refuses %j", (text) => {
    expect(checkPlannableStatement(text).ok).toBe(false);
  });

  it("counts parameters outside literals and comments only", () => {
    expect(
      checkPlannableStatement("SELECT $2 /* $7 */ -- $9\n FROM t WHERE e = E'\\' $8' AND \"$6\" = $1"),
    ).toMatchObject({
      ok: true,
      parameterCount: 2,
    });
  });

  it("never accepts a text with a semicolon before its end, whatever surrounds it", () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), (head, tail) => {
        const text = `SELECT ${head};${tail.trim() === "" ? "x" : tail}`;
        expect(checkPlannableStatement(text).ok).toBe(false);
      }),
    );
  });

  it("never throws and lexes any text to tokens or null", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(..."$'\"-/*()aESELCT1 ;\\\n".split("")), maxLength: 80 }),
        (text) => {
          const result = checkPlannableStatement(text);
          expect(typeof result.ok).toBe("boolean");
          const tokens = lexStatement(text);
          expect(tokens === null || Array.isArray(tokens)).toBe(true);
        },
      ),
    );
  });

  it("refuses words that name an object's own properties (a random run found __proto__ accepted)", () => {
    for (const word of ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"]) {
      expect(checkPlannableStatement(word).ok).toBe(false);
      expect(checkPlannableStatement(`${word} $1`).ok).toBe(false);
      expect(checkPlannableStatement(`WITH a AS (SELECT 1) ${word} 1`).ok).toBe(false);
    }
  });

  it("accepts what it accepts starting with an allowed keyword or WITH", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        const result = checkPlannableStatement(text);
        if (!result.ok) return;
        const tokens = lexStatement(result.text) ?? [];
        expect(["select", "insert", "update", "delete", "with"]).toContain(tokens[0]?.word);
        expect(result.text.includes(";")).toBe(false);
      }),
    );
  });
});
