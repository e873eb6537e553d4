import type { ActionIndexRow, ActionTableRow } from "@/lib/catalog/action-objects";
import type { LeftoverIndexRow } from "@/lib/catalog/action-progress";
import { type ActionKind, type SkippedIndex, TABLE_ACTION_KINDS } from "./types";

/** What an action will do, decided from catalog rows alone (pure: unit-tested). */
export interface ActionPlan {
  kind: ActionKind;
  objectOid: number;
  tableOid: number;
  schema: string;
  table: string;
  index: string | null;
  /** Identifiers quoted by the database, keywords fixed here: nothing from the request. */
  sql: string;
  /**
   * What the runner sends, one statement at a time: `sql` is these joined (DROP INDEX
   * CONCURRENTLY cannot share a query string with another statement).
   */
  statements: string[];
  undoSql: string | null;
  sizeBefore: number | null;
  fingerprint: string;
  /** REINDEX TABLE only: what it will skip; the outcome is then "succeeded, N skipped". */
  skipped?: SkippedIndex[];
  /** REINDEX TABLE only: the table's index OIDs before (how a reconciler tells it ran). */
  indexOidsBefore?: number[];
}

export type PlanOutcome =
  | { ok: true; plan: ActionPlan }
  /** `busyTable`: refused only because an index build runs on that table (ours, maybe: see requestAction). */
  | { ok: false; reason: string; busyTable?: number };

export interface PlanInput {
  kind: ActionKind;
  inRecovery: boolean;
  index: ActionIndexRow | null;
  table: ActionTableRow | null;
  /** Leftovers of interrupted rebuilds on the table (and its TOAST table), for table kinds. */
  leftovers: Pick<LeftoverIndexRow, "oid" | "name" | "quoted_index" | "toast">[];
  /** Builds already running on the table (by anyone). */
  builds: { pid: number; command: string }[];
  /** The action connection is the monitoring one (no ACTION_DATABASE_URL). */
  usingMonitoringRole: boolean;
}

export const LEFTOVER_NAME = /_cc(new|old)[0-9]*$/;

/** `CREATE [UNIQUE] INDEX name ON …` as pg_get_indexdef writes it, made non-blocking. */
export function undoSqlOf(definition: string): string {
  return `${definition.replace(/^CREATE (UNIQUE )?INDEX /, "CREATE $1INDEX CONCURRENTLY ")};`;
}

function privilegeReason(what: string, table: string, usingMonitoringRole: boolean): string {
  const fix = usingMonitoringRole
    ? "set ACTION_DATABASE_URL to a role that may (the monitoring role stays read-only)"
    : "grant it to the ACTION_DATABASE_URL role";
  return `the action role may not ${what} ${table}: it must own the table${
    what === "REINDEX" ? " (or have MAINTAIN on PostgreSQL 17+)" : ""
  }; ${fix}`;
}

function indexPlan(input: PlanInput, index: ActionIndexRow): PlanOutcome {
  const name = `${index.schema}.${index.name}`;
  const base = {
    kind: input.kind,
    objectOid: index.oid,
    tableOid: index.table_oid,
    schema: index.schema,
    table: index.table,
    index: index.name,
    sizeBefore: index.size_bytes,
    fingerprint: index.fingerprint,
  };
  if (index.system)
    return { ok: false, reason: `${name} is a system catalog index: it is not ours to rebuild or drop` };
  const leftover = !index.valid && LEFTOVER_NAME.test(index.name);
  switch (input.kind) {
    case "reindex_index": {
      if (index.exclusion) {
        return {
          ok: false,
          reason: `${name} backs an exclusion constraint: REINDEX CONCURRENTLY cannot rebuild it (a plain REINDEX would lock the table)`,
        };
      }
      if (leftover)
        return {
          ok: false,
          reason: `${name} is the leftover of an interrupted rebuild: clean it up instead`,
        };
      if (!index.may_maintain)
        return {
          ok: false,
          reason: privilegeReason("REINDEX", index.quoted_table, input.usingMonitoringRole),
        };
      return { ok: true, plan: single(base, `REINDEX INDEX CONCURRENTLY ${index.quoted_index}`, null) };
    }
    case "drop_index":
    case "cleanup": {
      if (input.kind === "cleanup" && !leftover) {
        return {
          ok: false,
          reason: `${name} is not an invalid _ccnew/_ccold index left by an interrupted rebuild`,
        };
      }
      if (index.constraint_type) {
        const type = { p: "primary key", u: "unique", x: "exclusion" }[index.constraint_type];
        return {
          ok: false,
          reason: `${name} backs a ${type} constraint: drop the constraint, not the index`,
        };
      }
      if (index.partitioned) {
        return {
          ok: false,
          reason: `${name} is a partitioned index: DROP INDEX CONCURRENTLY cannot drop it`,
        };
      }
      if (index.parent_index) {
        return {
          ok: false,
          reason: `${name} is attached to the partitioned index ${index.parent_index}: PostgreSQL drops it only with its parent (drop ${index.parent_index}, or detach the partition first)`,
        };
      }
      if (index.definition === null) {
        return {
          ok: false,
          reason: `${index.quoted_table} is locked right now, so the undo SQL cannot be read: try again`,
        };
      }
      if (!index.may_drop)
        return {
          ok: false,
          reason: privilegeReason("DROP an index of", index.quoted_table, input.usingMonitoringRole),
        };
      return {
        ok: true,
        plan: single(
          base,
          `DROP INDEX CONCURRENTLY ${index.quoted_index}`,
          input.kind === "drop_index" ? undoSqlOf(index.definition) : null,
        ),
      };
    }
    default:
      return { ok: false, reason: `${input.kind} takes a table, not an index` };
  }
}

type PlanBase = Omit<ActionPlan, "sql" | "statements" | "undoSql">;

function single(base: PlanBase, sql: string, undoSql: string | null): ActionPlan {
  return { ...base, sql, statements: [sql], undoSql };
}

function leftoverNames(leftovers: PlanInput["leftovers"]): string {
  return leftovers.map((l) => (l.toast ? `${l.name} (TOAST)` : l.name)).join(", ");
}

function tablePlan(input: PlanInput, table: ActionTableRow): PlanOutcome {
  const name = `${table.schema}.${table.name}`;
  if (table.system)
    return { ok: false, reason: `${name} is a system catalog: REINDEX CONCURRENTLY cannot rebuild it` };
  if (!["r", "m", "p", "t"].includes(table.relkind)) return { ok: false, reason: `${name} is not a table` };
  const base = {
    kind: input.kind,
    objectOid: table.oid,
    tableOid: table.oid,
    schema: table.schema,
    table: table.name,
    index: null,
    sizeBefore: table.indexes_size_bytes,
  };
  const leftovers = [...input.leftovers].sort((a, b) => a.oid - b.oid);
  if (input.kind === "cleanup_table") {
    if (leftovers.length === 0)
      return { ok: false, reason: `${name} has no leftovers of an interrupted rebuild to clean up` };
    if (!table.may_drop)
      return {
        ok: false,
        reason: privilegeReason("DROP an index of", table.quoted_table, input.usingMonitoringRole),
      };
    const statements = leftovers.map((l) => `DROP INDEX CONCURRENTLY ${l.quoted_index}`);
    return {
      ok: true,
      plan: {
        ...base,
        // The set of leftovers is part of what was asked for: one more or one fewer at the
        // start is a change, and the run is refused rather than dropping something unseen.
        fingerprint: `${table.fingerprint}|${leftovers.map((l) => l.oid).join(",")}`,
        sql: statements.join(";\n"),
        statements,
        undoSql: null,
      },
    };
  }
  if (table.index_count === 0) return { ok: false, reason: `${name} has no indexes to rebuild` };
  if (leftovers.length > 0) {
    return {
      ok: false,
      reason: `${name} has ${leftovers.length === 1 ? "a leftover" : `${leftovers.length} leftovers`} of an interrupted rebuild (${leftoverNames(leftovers)}): REINDEX TABLE would skip ${leftovers.length === 1 ? "it" : "them"} with a warning each and leave ${leftovers.length === 1 ? "it" : "them"} in place; clean up the table first (one action drops them all)`,
    };
  }
  const skipped = table.skipped;
  const ownSkipped = skipped.filter((s) => !s.name.startsWith("pg_toast."));
  if (ownSkipped.length >= table.index_count) {
    return {
      ok: false,
      reason: `REINDEX TABLE CONCURRENTLY would skip every index of ${name}: ${skipped
        .map((s) => `${s.name} (${s.reason})`)
        .join(", ")}`,
    };
  }
  if (!table.may_maintain)
    return { ok: false, reason: privilegeReason("REINDEX", table.quoted_table, input.usingMonitoringRole) };
  return {
    ok: true,
    plan: {
      ...single(
        // A skip list that changed before the run would make the recorded one wrong.
        { ...base, fingerprint: [table.fingerprint, ...skipped.map((s) => s.name)].join("|") },
        `REINDEX TABLE CONCURRENTLY ${table.quoted_table}`,
        null,
      ),
      skipped,
      indexOidsBefore: table.index_oids,
    },
  };
}

/** Refuses with a reason before anything runs, or says exactly what will run. */
export function planAction(input: PlanInput): PlanOutcome {
  if (input.inRecovery) {
    return {
      ok: false,
      reason: "the server is a standby (in recovery): it cannot be written to; act on the primary",
    };
  }
  const outcome = TABLE_ACTION_KINDS.includes(input.kind)
    ? input.table
      ? tablePlan(input, input.table)
      : null
    : input.index
      ? indexPlan(input, input.index)
      : null;
  if (!outcome) return { ok: false, reason: "not found" };
  if (outcome.ok) {
    const build = input.builds[0];
    if (build) {
      return {
        ok: false,
        reason: `${outcome.plan.schema}.${outcome.plan.table} is already being rebuilt (pid ${build.pid}: ${build.command})`,
        busyTable: outcome.plan.tableOid,
      };
    }
  }
  return outcome;
}
