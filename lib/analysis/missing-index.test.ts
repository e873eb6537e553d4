import { describe, expect, it } from "vitest";
import { anIndex } from "@/test/fixtures/findings-fixture";
import {
  type CheckedCandidate,
  findMissingIndexCandidates,
  type MissingIndexCandidate,
  missingIndexFindings,
  type PlannedSeqScan,
} from "./missing-index";

const orders = {
  tableOid: 100,
  schema: "public",
  table: "orders",
  rows: 50_000,
  columns: ["id", "user_id", "status", "created"],
};

function scan(overrides: Partial<PlannedSeqScan> = {}): PlannedSeqScan {
  return {
    queryid: "1",
    query: "SELECT * FROM orders WHERE status = $1 AND created > $2",
    tableOid: 100,
    filter: "((status = $1) AND (created > $2))",
    sortKeys: [],
    planRows: 40,
    ...overrides,
  };
}

describe("findMissingIndexCandidates", () => {
  it("suggests the equality, then the range column, of a selective filter on a large table", () => {
    const [candidate, ...rest] = findMissingIndexCandidates([scan()], [orders], []);
    expect(rest).toEqual([]);
    expect(candidate?.columns).toEqual(["status", "created"]);
    expect(candidate?.indexName).toBe("orders_status_created_idx");
  });

  it("leaves out small tables, unselective filters, and columns an index already leads with", () => {
    expect(findMissingIndexCandidates([scan()], [{ ...orders, rows: 9_999 }], [])).toEqual([]);
    expect(findMissingIndexCandidates([scan({ planRows: 5_001 })], [orders], [])).toEqual([]);
    const existing = anIndex({ tableOid: 100, keyColumns: [3, 4], columnNames: ["status", "created"] });
    expect(findMissingIndexCandidates([scan()], [orders], [existing])).toEqual([]);
  });

  it("serves a sort over an unfiltered scan, and merges the statements that want the same index", () => {
    const sorted = scan({ queryid: "2", filter: null, sortKeys: ["created DESC"], planRows: 50_000 });
    const again = scan({ queryid: "3", filter: null, sortKeys: ["orders.created"], planRows: 50_000 });
    const [candidate] = findMissingIndexCandidates([sorted, again, sorted], [orders], []);
    expect(candidate?.columns).toEqual(["created"]);
    expect(candidate?.statements.map((s) => s.queryid)).toEqual(["2", "3"]);
  });
});

describe("missingIndexFindings", () => {
  const [candidate] = findMissingIndexCandidates([scan()], [orders], []) as [MissingIndexCandidate];
  const sql = {
    create: "CREATE INDEX CONCURRENTLY x ON public.orders (status, created)",
    drop: "DROP INDEX CONCURRENTLY public.x",
  };
  const checked = (costBefore: number, costAfter: number): CheckedCandidate => ({
    candidate,
    sql,
    check: { costBefore, costAfter, statements: [{ queryid: "1", costBefore, costAfter }] },
    reason: null,
  });

  it("keeps a suggestion that halves the cost or better, with both costs", () => {
    const [finding] = missingIndexFindings([checked(1000, 500)], []);
    expect(finding?.details).toMatchObject({ verified: true, costBefore: 1000, costAfter: 500 });
    expect(finding?.sql).toEqual({ apply: sql.create, undo: sql.drop });
    expect(finding?.evidence).toContain("2× cheaper");
  });

  it("drops a suggestion that cuts the cost by less than 2×", () => {
    expect(missingIndexFindings([checked(1000, 501)], [])).toEqual([]);
  });

  it("labels a suggestion no one could check as not verified", () => {
    const [finding] = missingIndexFindings(
      [{ candidate, sql, check: null, reason: "hypopg is not installed" }],
      [],
    );
    expect(finding?.details).toMatchObject({ verified: false, costBefore: null, costAfter: null });
    expect(finding?.evidence).toContain("not verified: hypopg is not installed");
  });
});
