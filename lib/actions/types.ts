export const ACTION_KINDS = [
  "reindex_index",
  "reindex_table",
  "drop_index",
  "cleanup",
  "cleanup_table",
] as const;

/** The kinds that take a table's OID; the others take an index's. */
export const TABLE_ACTION_KINDS: readonly ActionKind[] = ["reindex_table", "cleanup_table"];
export type ActionKind = (typeof ACTION_KINDS)[number];

export const ACTION_STATUSES = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export const FINISHED_STATUSES: readonly ActionStatus[] = ["succeeded", "failed", "cancelled"];

export interface LeftoverIndex {
  oid: number;
  name: string;
}

/** An index REINDEX TABLE CONCURRENTLY will pass over, and why (said before it runs). */
export interface SkippedIndex {
  name: string;
  reason: string;
}

/** An action as the API answers it (GET /api/v1/actions/{id}, and each row of the audit log). */
export interface ActionJson {
  id: number;
  targetId: string;
  kind: ActionKind;
  status: ActionStatus;
  username: string;
  /** Database clock (the store's). */
  requestedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  /** The OID the action was asked for: the index's, or the table's for reindex_table and cleanup_table. */
  oid: number;
  tableOid: number;
  schema: string;
  table: string;
  index: string | null;
  indexOidBefore: number | null;
  /** REINDEX CONCURRENTLY leaves the rebuilt index under a new OID. */
  indexOidAfter: number | null;
  sizeBefore: number | null;
  sizeAfter: number | null;
  sql: string;
  /** For a drop: the statement that re-creates the index, recorded before the drop ran. */
  undoSql: string | null;
  phase: string | null;
  blocksDone: number | null;
  blocksTotal: number | null;
  tuplesDone: number | null;
  tuplesTotal: number | null;
  waitingForLock: boolean;
  /** "pid N running <query>" while (or because) the action waited for a lock. */
  lockHolder: string | null;
  cancelRequestedBy: string | null;
  error: string | null;
  /** Server NOTICE and WARNING messages, as the server sent them. */
  notices: string[];
  /** Invalid `_ccnew` indexes a failed or cancelled rebuild left behind, for clean-up. */
  leftovers: LeftoverIndex[];
  /**
   * REINDEX TABLE: the indexes PostgreSQL passes over (named before it ran); a success with
   * skips is "succeeded, N skipped", and the server's WARNINGs are in `notices`.
   */
  skipped: SkippedIndex[];
  /** Failed while the target was away: leftovers are looked for when it answers again. */
  leftoversPending: boolean;
}

export function isFinished(status: ActionStatus): boolean {
  return FINISHED_STATUSES.includes(status);
}
