import { describe, expect, it } from "vitest";
import { aForeignKey, anIndex } from "@/test/fixtures/findings-fixture";
import { dropSqlFor, splitStatements } from "./drop-sql";

describe("SQL we offer must run (issue 14, section 5)", () => {
  const key = anIndex({
    unique: true,
    constraint: { name: "customers_pkey", kind: "p" },
    sql: {
      dropIndex: "DROP INDEX CONCURRENTLY public.customers_pkey",
      dropConstraint: "ALTER TABLE public.customers DROP CONSTRAINT customers_pkey",
      addConstraint: "ALTER TABLE public.customers ADD CONSTRAINT customers_pkey PRIMARY KEY (id)",
      reindex: "REINDEX INDEX CONCURRENTLY public.customers_pkey",
      restoreReplicaIdentity: null,
    },
  });

  it("drops the foreign keys that point through a key before the key, and adds them back after it", () => {
    const validated = aForeignKey();
    const notValid = aForeignKey({
      constraintName: "orders_late_fkey",
      dropConstraintSql: "ALTER TABLE public.orders DROP CONSTRAINT orders_late_fkey",
      addNotValidSql:
        "ALTER TABLE public.orders ADD CONSTRAINT orders_late_fkey FOREIGN KEY (late_id) REFERENCES customers(id) NOT VALID",
      validateSql: null,
    });
    const sql = dropSqlFor(key, [validated, notValid]);
    expect(splitStatements(sql?.apply ?? "")).toEqual([
      validated.dropConstraintSql,
      notValid.dropConstraintSql,
      "ALTER TABLE public.customers DROP CONSTRAINT customers_pkey",
    ]);
    expect(splitStatements(sql?.undo ?? "")).toEqual([
      "ALTER TABLE public.customers ADD CONSTRAINT customers_pkey PRIMARY KEY (id)",
      validated.addNotValidSql,
      notValid.addNotValidSql,
      // Only the key that was valid is validated again: the other stays as it was.
      validated.validateSql,
    ]);
  });

  it("offers the key's own statements when nothing points through it", () => {
    expect(dropSqlFor(key)).toEqual({
      apply: "ALTER TABLE public.customers DROP CONSTRAINT customers_pkey",
      undo: "ALTER TABLE public.customers ADD CONSTRAINT customers_pkey PRIMARY KEY (id)",
    });
  });
});
