import type { ActionKind } from "@/lib/actions/types";

/** What a person should know before an action starts: what it locks, and how to undo it. */
export interface ActionConsequences {
  title: string;
  locks: string;
  /** Said when there is no undo statement to show. */
  undo: string;
}

const REBUILD_LOCK = (table: string) =>
  `SHARE UPDATE EXCLUSIVE on ${table} for the whole rebuild: reads and writes go on; VACUUM, ANALYZE, schema changes and other rebuilds of the table wait. It first waits for the transactions already writing to the table to end.`;

const DROP_LOCK = (table: string) =>
  `SHARE UPDATE EXCLUSIVE on ${table}, once every transaction that uses the table has ended: reads and writes go on meanwhile.`;

export function consequencesOf(kind: ActionKind, table: string): ActionConsequences {
  switch (kind) {
    case "reindex_index":
      return {
        title: "Rebuild this index",
        locks: REBUILD_LOCK(table),
        undo: "Nothing to undo: the index is rebuilt with the same definition, under a new OID. If it is cancelled or fails, an invalid _ccnew copy is left behind to clean up.",
      };
    case "reindex_table":
      return {
        title: "Rebuild every index of the table",
        locks: `${REBUILD_LOCK(table)} Every index of the table is rebuilt, the TOAST table's included.`,
        undo: "Nothing to undo: each index is rebuilt with the same definition, under a new OID. If it is cancelled or fails, invalid _ccnew copies are left behind to clean up in one go.",
      };
    case "drop_index":
      return {
        title: "Drop this index",
        locks: `${DROP_LOCK(table)} Queries that used the index are planned without it at once.`,
        undo: "Re-create it: building it again takes as long as a rebuild.",
      };
    case "cleanup":
    case "cleanup_table":
      return {
        title: kind === "cleanup" ? "Clean up this leftover" : "Clean up every leftover of the table",
        locks: DROP_LOCK(table),
        undo: "Nothing to get back: these are invalid half-built copies that no query uses; dropping them saves their space and the write work they cost.",
      };
  }
}
