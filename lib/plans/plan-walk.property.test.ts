import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { walkPlan } from "./plan-walk";

interface GenNode {
  "Node Type": string;
  "Total Cost": number;
  "Plan Rows": number;
  "Relation Name"?: string;
  Schema?: string;
  "Index Name"?: string;
  "Parent Relationship"?: string;
  "Sort Key"?: string[];
  Plans?: GenNode[];
}

const NODE_TYPES = [
  "Index Scan",
  "Index Only Scan",
  "Bitmap Index Scan",
  "Bitmap Heap Scan",
  "Seq Scan",
  "Sort",
  "Append",
  "Merge Append",
  "Nested Loop",
  "Hash Join",
  "CTE Scan",
  "Limit",
  "Aggregate",
  "Some Future Node",
] as const;

/** Plan trees of every shape: children as InitPlans, SubPlans, CTEs and partitions alike. */
const planTree = fc.letrec<{ node: GenNode }>((tie) => ({
  node: fc
    .record({
      type: fc.constantFrom(...NODE_TYPES),
      cost: fc.double({ min: 0, max: 1e9, noNaN: true }),
      rows: fc.integer({ min: 0, max: 1e7 }),
      relationship: fc.constantFrom("Outer", "Inner", "InitPlan", "SubPlan", "Member", undefined),
      children: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        fc.constant<GenNode[]>([]),
        fc.array(tie("node"), { maxLength: 4 }),
      ),
    })
    .map(({ type, cost, rows, relationship, children }) => {
      const node: GenNode = { "Node Type": type, "Total Cost": cost, "Plan Rows": rows };
      if (relationship) node["Parent Relationship"] = relationship;
      if (type === "Index Scan" || type === "Index Only Scan" || type === "Bitmap Index Scan")
        node["Index Name"] = "?";
      if (type !== "Bitmap Index Scan" && type.endsWith("Scan") && type !== "CTE Scan") {
        node["Relation Name"] = "t";
        node.Schema = "s";
      }
      if (type === "Sort") node["Sort Key"] = ["a"];
      if (children.length > 0) node.Plans = children;
      return node;
    }),
})).node;

/** Gives every index node a name of its own, and returns them in the order written. */
function nameIndexes(root: GenNode): string[] {
  const names: string[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop() as GenNode;
    if (node["Index Name"] !== undefined) {
      node["Index Name"] = `idx_${names.length}`;
      names.push(node["Index Name"]);
    }
    stack.push(...(node.Plans ?? []));
  }
  return names;
}

function countType(root: GenNode, type: string): number {
  return (
    (root["Node Type"] === type ? 1 : 0) + (root.Plans ?? []).reduce((sum, c) => sum + countType(c, type), 0)
  );
}

describe("walkPlan over generated plan trees", () => {
  it("finds every index node exactly once, every seq scan, and the root's cost", () => {
    fc.assert(
      fc.property(planTree, (root) => {
        const names = nameIndexes(root);
        const result = walkPlan([{ Plan: root, "Planning Time": 0.1 }]);
        if (!result.ok) throw new Error(result.reason);
        expect(result.summary.indexes.map((i) => i.indexName).sort()).toEqual([...names].sort());
        expect(result.summary.seqScans).toHaveLength(countType(root, "Seq Scan"));
        expect(result.summary.totalCost).toBe(root["Total Cost"]);
      }),
    );
  });

  it("gives a Bitmap Index Scan the table of its Bitmap Heap Scan, through BitmapAnd/Or", () => {
    const plan = [
      {
        Plan: {
          "Node Type": "Bitmap Heap Scan",
          "Relation Name": "orders",
          Schema: "app",
          "Total Cost": 5,
          Plans: [
            {
              "Node Type": "BitmapAnd",
              Plans: [
                { "Node Type": "Bitmap Index Scan", "Index Name": "a_idx" },
                { "Node Type": "Bitmap Index Scan", "Index Name": "b_idx" },
              ],
            },
          ],
        },
      },
    ];
    const result = walkPlan(plan);
    expect(result.ok && result.summary.indexes).toEqual([
      { nodeType: "Bitmap Index Scan", indexName: "a_idx", relation: "orders", schema: "app" },
      { nodeType: "Bitmap Index Scan", indexName: "b_idx", relation: "orders", schema: "app" },
    ]);
  });

  it("takes the sort keys of a Sort over a scan only through single-child nodes", () => {
    const seq = { "Node Type": "Seq Scan", "Relation Name": "t", "Plan Rows": 9, Filter: "(a > $1)" };
    const over = (plan: unknown) => walkPlan([{ Plan: plan }]);
    const direct = over({
      "Node Type": "Sort",
      "Sort Key": ["t.b"],
      Plans: [{ "Node Type": "Limit", Plans: [seq] }],
    });
    expect(direct.ok && direct.summary.seqScans[0]).toEqual({
      relation: "t",
      schema: null,
      rows: 9,
      filter: "(a > $1)",
      sortKeys: ["t.b"],
    });
    const join = over({
      "Node Type": "Sort",
      "Sort Key": ["u.c"],
      Plans: [{ "Node Type": "Hash Join", Plans: [seq, { "Node Type": "Seq Scan", "Relation Name": "u" }] }],
    });
    expect(join.ok && join.summary.seqScans.map((s) => s.sortKeys)).toEqual([[], []]);
  });

  it("terminates on a very deep plan", () => {
    let node: Record<string, unknown> = {
      "Node Type": "Index Scan",
      "Index Name": "deep_idx",
      "Relation Name": "t",
    };
    for (let i = 0; i < 20_000; i++) node = { "Node Type": "Limit", Plans: [node] };
    const result = walkPlan([{ Plan: node }]);
    expect(result.ok && result.summary.indexes.map((i) => i.indexName)).toEqual(["deep_idx"]);
  });

  it("returns a typed error for anything that is not a JSON plan, and never throws", () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.json(), fc.string()), (value) => {
        const result = walkPlan(value);
        expect(typeof result.ok).toBe("boolean");
        if (!result.ok) expect(result.reason.length).toBeGreaterThan(0);
      }),
    );
    for (const bad of [
      "{",
      "[]",
      "[{}]",
      '[{"Plan":{}}]',
      '[{"Plan":{"Node Type":"Seq Scan","Plans":[{}]}}]',
      null,
      42,
    ]) {
      expect(walkPlan(bad).ok).toBe(false);
    }
  });
});
