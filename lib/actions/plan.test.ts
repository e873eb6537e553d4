import { describe, expect, it } from "vitest";
import type { ActionIndexRow, ActionTableRow } from "@/lib/catalog/action-objects";
import { type PlanInput, planAction, undoSqlOf } from "./plan";

function anIndex(overrides: Partial<ActionIndexRow> = {}): ActionIndexRow {
  return {
    oid: 16_500,
    name: "order_user_status_idx",
    schema: "public",
    table_oid: 16_400,
    table: "invitations_order",
    quoted_index: "public.order_user_status_idx",
    quoted_table: "public.invitations_order",
    fingerprint: "f",
    definition:
      "CREATE INDEX order_user_status_idx ON public.invitations_order USING btree (user_id, status)",
    size_bytes: 8192,
    valid: true,
    partitioned: false,
    parent_index: null,
    system: false,
    constraint_type: null,
    exclusion: false,
    may_maintain: true,
    may_drop: true,
    ...overrides,
  };
}

function aTable(overrides: Partial<ActionTableRow> = {}): ActionTableRow {
  return {
    oid: 16_400,
    name: "invitations_order",
    schema: "public",
    quoted_table: "public.invitations_order",
    fingerprint: "t",
    indexes_size_bytes: 65_536,
    index_count: 3,
    exclusion_index_count: 0,
    skipped: [],
    index_oids: [16_500, 16_501, 16_502],
    relkind: "r",
    system: false,
    may_maintain: true,
    may_drop: true,
    ...overrides,
  };
}

function input(overrides: Partial<PlanInput>): PlanInput {
  return {
    kind: "reindex_index",
    inRecovery: false,
    index: anIndex(),
    table: null,
    leftovers: [],
    builds: [],
    usingMonitoringRole: false,
    ...overrides,
  };
}

function reason(overrides: Partial<PlanInput>): string {
  const outcome = planAction(input(overrides));
  if (outcome.ok) throw new Error("expected a refusal");
  return outcome.reason;
}

describe("planAction", () => {
  it("builds SQL from the database-quoted names only", () => {
    const outcome = planAction(input({ index: anIndex({ quoted_index: `public."it's ""x"""` }) }));
    expect(outcome).toMatchObject({
      ok: true,
      plan: { sql: `REINDEX INDEX CONCURRENTLY public."it's ""x"""`, undoSql: null },
    });
    expect(planAction(input({ kind: "reindex_table", index: null, table: aTable() }))).toMatchObject({
      ok: true,
      plan: {
        sql: "REINDEX TABLE CONCURRENTLY public.invitations_order",
        tableOid: 16_400,
        sizeBefore: 65_536,
      },
    });
  });

  it("names before it runs what REINDEX TABLE CONCURRENTLY will skip, and refuses when that is everything", () => {
    const excl = { name: "public.bookings_during_excl", reason: "exclusion constraint" };
    const toast = { name: "pg_toast.pg_toast_16400_index_ccnew", reason: "invalid index" };
    const outcome = planAction(
      input({
        kind: "reindex_table",
        index: null,
        table: aTable({ index_count: 2, skipped: [excl, toast] }),
      }),
    );
    expect(outcome).toMatchObject({
      ok: true,
      plan: { skipped: [excl, toast], indexOidsBefore: [16_500, 16_501, 16_502] },
    });
    // A changed skip list between the request and the run must not pass for the same plan.
    const plain = planAction(
      input({ kind: "reindex_table", index: null, table: aTable({ index_count: 2 }) }),
    );
    if (!outcome.ok || !plain.ok) throw new Error("expected plans");
    expect(outcome.plan.fingerprint).not.toBe(plain.plan.fingerprint);
    // A TOAST index does not count as one of the table's own.
    expect(
      reason({
        kind: "reindex_table",
        index: null,
        table: aTable({ index_count: 1, skipped: [excl, toast] }),
      }),
    ).toBe(
      "REINDEX TABLE CONCURRENTLY would skip every index of public.invitations_order: public.bookings_during_excl (exclusion constraint), pg_toast.pg_toast_16400_index_ccnew (invalid index)",
    );
  });

  it("records the undo SQL of a drop, made concurrent", () => {
    const outcome = planAction(input({ kind: "drop_index" }));
    expect(outcome).toMatchObject({
      ok: true,
      plan: {
        sql: "DROP INDEX CONCURRENTLY public.order_user_status_idx",
        undoSql:
          "CREATE INDEX CONCURRENTLY order_user_status_idx ON public.invitations_order USING btree (user_id, status);",
      },
    });
    expect(undoSqlOf("CREATE UNIQUE INDEX a ON b USING btree (c)")).toBe(
      "CREATE UNIQUE INDEX CONCURRENTLY a ON b USING btree (c);",
    );
  });

  it("refuses with a reason before anything runs", () => {
    expect(reason({ inRecovery: true })).toMatch(/standby/);
    expect(reason({ index: anIndex({ system: true }) })).toMatch(/system catalog/);
    expect(reason({ index: anIndex({ exclusion: true, constraint_type: "x" }) })).toMatch(
      /exclusion constraint/,
    );
    expect(reason({ builds: [{ pid: 42, command: "REINDEX CONCURRENTLY" }] })).toMatch(
      /already being rebuilt \(pid 42/,
    );
    expect(reason({ kind: "drop_index", index: anIndex({ constraint_type: "u" }) })).toMatch(
      /backs a unique constraint/,
    );
    expect(reason({ kind: "drop_index", index: anIndex({ partitioned: true }) })).toMatch(/partitioned/);
    expect(reason({ kind: "drop_index", index: anIndex({ parent_index: "public.events_at_idx" }) })).toMatch(
      /attached to the partitioned index public\.events_at_idx/,
    );
    expect(reason({ kind: "drop_index", index: anIndex({ definition: null }) })).toMatch(/locked/);
    expect(reason({ kind: "cleanup" })).toMatch(/not an invalid _ccnew/);
    expect(reason({ index: anIndex({ may_maintain: false }), usingMonitoringRole: true })).toMatch(
      /set ACTION_DATABASE_URL/,
    );
    expect(reason({ kind: "reindex_table", index: null, table: aTable({ index_count: 0 }) })).toMatch(
      /no indexes/,
    );
    expect(reason({ kind: "reindex_table", index: null, table: aTable({ relkind: "v" }) })).toMatch(
      /not a table/,
    );
    expect(reason({ index: null })).toBe("not found");
  });

  it("offers clean-up, not a rebuild, for a leftover _ccnew index", () => {
    const leftover = anIndex({
      name: "order_user_status_idx_ccnew",
      valid: false,
      quoted_index: "public.order_user_status_idx_ccnew",
    });
    expect(reason({ index: leftover })).toMatch(/clean it up/);
    expect(planAction(input({ kind: "cleanup", index: leftover }))).toMatchObject({
      ok: true,
      plan: { sql: "DROP INDEX CONCURRENTLY public.order_user_status_idx_ccnew", undoSql: null },
    });
  });

  describe("leftovers of interrupted rebuilds on a table", () => {
    const leftovers = [
      {
        oid: 16_902,
        name: "pg_toast_16400_index_ccnew",
        quoted_index: "pg_toast.pg_toast_16400_index_ccnew",
        toast: true,
      },
      {
        oid: 16_901,
        name: "order_user_status_idx_ccnew",
        quoted_index: "public.order_user_status_idx_ccnew",
        toast: false,
      },
    ];

    it("cleans every one of them, the TOAST table's too, one statement each", () => {
      const outcome = planAction(input({ kind: "cleanup_table", index: null, table: aTable(), leftovers }));
      expect(outcome).toMatchObject({
        ok: true,
        plan: {
          kind: "cleanup_table",
          objectOid: 16_400,
          index: null,
          statements: [
            "DROP INDEX CONCURRENTLY public.order_user_status_idx_ccnew",
            "DROP INDEX CONCURRENTLY pg_toast.pg_toast_16400_index_ccnew",
          ],
          sql: "DROP INDEX CONCURRENTLY public.order_user_status_idx_ccnew;\nDROP INDEX CONCURRENTLY pg_toast.pg_toast_16400_index_ccnew",
          fingerprint: "t|16901,16902",
        },
      });
    });

    it("refuses a clean-up with nothing to clean, or by a role that does not own the table", () => {
      expect(reason({ kind: "cleanup_table", index: null, table: aTable() })).toMatch(/has no leftovers/);
      expect(
        reason({ kind: "cleanup_table", index: null, table: aTable({ may_drop: false }), leftovers }),
      ).toMatch(/may not DROP an index of public.invitations_order/);
    });

    it("refuses REINDEX TABLE while leftovers are there, naming them and the way out", () => {
      expect(reason({ kind: "reindex_table", index: null, table: aTable(), leftovers })).toBe(
        "public.invitations_order has 2 leftovers of an interrupted rebuild (order_user_status_idx_ccnew, pg_toast_16400_index_ccnew (TOAST)): REINDEX TABLE would skip them with a warning each and leave them in place; clean up the table first (one action drops them all)",
      );
    });
  });
});
