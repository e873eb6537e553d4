import { z } from "zod";

/**
 * What a JSON plan (EXPLAIN (VERBOSE, FORMAT JSON)) tells us about indexes and tables: every
 * index node, every sequential scan, the total cost. Pure. Each node is parsed on its own as the
 * walk reaches it (children stay `unknown` until then), so a deep plan cannot overflow a
 * recursive schema, and node types we do not know are walked through, not refused.
 */

export const INDEX_NODE_TYPES = ["Index Scan", "Index Only Scan", "Bitmap Index Scan"] as const;
export type IndexNodeType = (typeof INDEX_NODE_TYPES)[number];

export interface PlanIndexUse {
  nodeType: IndexNodeType;
  indexName: string;
  /** The table the index belongs to; for a Bitmap Index Scan, its Bitmap Heap Scan's. */
  relation: string | null;
  schema: string | null;
}

export interface PlanSeqScan {
  relation: string;
  schema: string | null;
  /** The planner's estimate of rows the scan returns (after its filter). */
  rows: number;
  filter: string | null;
  /** The keys of a Sort directly over this scan (through single-child nodes only). */
  sortKeys: string[];
}

export interface PlanSummary {
  totalCost: number;
  indexes: PlanIndexUse[];
  seqScans: PlanSeqScan[];
}

export type PlanWalkResult = { ok: true; summary: PlanSummary } | { ok: false; reason: string };

const planNode = z.looseObject({
  "Node Type": z.string(),
  "Total Cost": z.number().optional(),
  "Plan Rows": z.number().optional(),
  "Relation Name": z.string().optional(),
  Schema: z.string().optional(),
  "Index Name": z.string().optional(),
  Filter: z.string().optional(),
  "Sort Key": z.array(z.string()).optional(),
  Plans: z.array(z.unknown()).optional(),
});
type PlanNode = z.infer<typeof planNode>;

const planRoot = z.array(z.looseObject({ Plan: z.unknown() })).min(1);

/** Deeper than any plan the planner makes; a guard against hostile or broken input. */
export const MAX_PLAN_NODES = 100_000;

/** The path to the root as a linked list, so a deep plan does not copy its ancestors per node. */
interface Ancestry {
  node: PlanNode;
  parent: Ancestry | null;
}

interface Frame {
  raw: unknown;
  ancestors: Ancestry | null;
}

export function walkPlan(json: unknown): PlanWalkResult {
  let parsedJson = json;
  if (typeof json === "string") {
    try {
      parsedJson = JSON.parse(json);
    } catch {
      return { ok: false, reason: "the plan is not JSON" };
    }
  }
  const root = planRoot.safeParse(parsedJson);
  if (!root.success) return { ok: false, reason: "the plan is not an EXPLAIN (FORMAT JSON) result" };
  const first = root.data[0];
  if (first === undefined) return { ok: false, reason: "empty plan" };
  const top = planNode.safeParse(first.Plan);
  if (!top.success) return { ok: false, reason: "the plan's top node has no Node Type" };

  const indexes: PlanIndexUse[] = [];
  const seqScans: PlanSeqScan[] = [];
  const stack: Frame[] = [{ raw: first.Plan, ancestors: null }];
  let visited = 0;
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    if (++visited > MAX_PLAN_NODES) return { ok: false, reason: "the plan has too many nodes" };
    const parsed = planNode.safeParse(frame.raw);
    if (!parsed.success) return { ok: false, reason: "a plan node has no Node Type" };
    const node = parsed.data;
    const type = node["Node Type"];
    if (isIndexNode(type) && node["Index Name"] !== undefined) {
      const owner = type === "Bitmap Index Scan" ? nearestHeapScan(frame.ancestors) : node;
      indexes.push({
        nodeType: type,
        indexName: node["Index Name"],
        relation: owner?.["Relation Name"] ?? null,
        schema: owner?.Schema ?? null,
      });
    } else if (type === "Seq Scan" && node["Relation Name"] !== undefined) {
      seqScans.push({
        relation: node["Relation Name"],
        schema: node.Schema ?? null,
        rows: node["Plan Rows"] ?? 0,
        filter: node.Filter ?? null,
        sortKeys: sortKeysOver(frame.ancestors),
      });
    }
    const children = node.Plans ?? [];
    const ancestors: Ancestry = { node, parent: frame.ancestors };
    for (let i = children.length - 1; i >= 0; i--) stack.push({ raw: children[i], ancestors });
  }
  return { ok: true, summary: { totalCost: top.data["Total Cost"] ?? 0, indexes, seqScans } };
}

function isIndexNode(type: string): type is IndexNodeType {
  return (INDEX_NODE_TYPES as readonly string[]).includes(type);
}

/** A Bitmap Index Scan names no table: its Bitmap Heap Scan (over BitmapAnd/Or) does. */
function nearestHeapScan(ancestors: Ancestry | null): PlanNode | undefined {
  for (let at = ancestors; at !== null; at = at.parent) {
    const node = at.node;
    if (node["Node Type"] === "Bitmap Heap Scan") return node;
    if (node["Node Type"] !== "BitmapAnd" && node["Node Type"] !== "BitmapOr") return undefined;
  }
  return undefined;
}

/** A Sort sorts this scan's rows only when every node between them has one child. */
function sortKeysOver(ancestors: Ancestry | null): string[] {
  for (let at = ancestors; at !== null; at = at.parent) {
    const node = at.node;
    const type = node["Node Type"];
    if (type === "Sort" || type === "Incremental Sort") return node["Sort Key"] ?? [];
    if ((node.Plans?.length ?? 0) !== 1) return [];
  }
  return [];
}
