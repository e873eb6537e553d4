import type { Counters, WindowFacts } from "@/lib/analysis/deltas";

/** Identity of an index across rebuilds: schema, table and name within one target. */
export interface IndexName {
  schema: string;
  table: string;
  name: string;
}

export function nameKey(n: IndexName): string {
  return `${n.schema}\u0000${n.table}\u0000${n.name}`;
}

/** An index whose cumulative state moved (counters, OID or definition) in this poll. */
export interface IndexChange extends IndexName {
  oid: number;
  /** Cumulative counters now (the next poll's "previous"). */
  counters: Counters;
  /** Usage since the previous poll: never negative. */
  delta: Counters;
  /** Set when the OID is new to us (first sighting or rebuild). */
  definition?: string | null;
}

export interface SampleEvent {
  kind: "reset" | "rebuild" | "restart" | "restore" | "store_gap";
  at: Date;
  endedAt?: Date;
  index?: IndexName;
  detail: string;
}

/** Everything one poll of one target produced: written to the store in one transaction. */
export interface PollBatch {
  targetId: string;
  /** The target's clock at the poll. */
  polledAt: Date;
  window: WindowFacts;
  indexCount: number;
  changes: IndexChange[];
  /** Sizes that changed; only on sizing polls. */
  sizes: Array<IndexName & { sizeBytes: number }>;
  /** Set on a sizing poll. */
  sizedAt?: Date;
  dropped: IndexName[];
  events: SampleEvent[];
}
