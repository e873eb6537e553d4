import type { FindingKind } from "@/lib/analysis/types";

/** How each kind of finding is named on the pages: one place, so a new kind cannot be left out. */
export const FINDING_KIND_TEXT: Record<FindingKind, { title: string; label: string; blurb: string }> = {
  unused: { title: "Unused indexes", label: "unused", blurb: "No scan over the whole window." },
  invalid: {
    title: "Invalid indexes",
    label: "invalid",
    blurb: "Serve no reads, still cost every write. A build in progress is told apart and left alone.",
  },
  duplicate: {
    title: "Duplicates",
    label: "duplicate",
    blurb:
      "Same keys, operator classes, collations and predicate as another index, in either scan direction.",
  },
  redundant: {
    title: "Redundant",
    label: "redundant",
    blurb: "A plain btree whose keys lead another btree of the same table, under the same predicate.",
  },
  missing_fk_index: {
    title: "Foreign keys without an index",
    label: "foreign key without index",
    blurb: "Deletes and key updates on the parent scan the whole child table.",
  },
  bloat: {
    title: "Bloated indexes",
    label: "bloated",
    blurb: "Estimated from table statistics (fillfactor-aware); REINDEX CONCURRENTLY gives the space back.",
  },
  btree_on_array: {
    title: "Btree on an array",
    label: "btree on array",
    blurb: "Finds only whole equal arrays; containment and overlap need GIN.",
  },
  mostly_null_leading: {
    title: "Mostly NULL leading column",
    label: "mostly NULL",
    blurb: "A partial index WHERE col IS NOT NULL serves the same lookups, smaller.",
  },
  low_cardinality_leading: {
    title: "Few-valued leading column",
    label: "few values first",
    blurb: "A boolean or a handful of values first: long runs, little selectivity.",
  },
  unnecessary_predicate: {
    title: "WHERE that filters nothing",
    label: "needless WHERE",
    blurb: "IS NOT NULL on a column declared NOT NULL.",
  },
  duplicated_foreign_key: {
    title: "Duplicated foreign keys",
    label: "duplicated FK",
    blurb: "Two keys check the same columns: every write is checked twice.",
  },
  intersecting_foreign_keys: {
    title: "Overlapping foreign keys",
    label: "overlapping FKs",
    blurb: "Two keys to one table share columns: one is likely left over.",
  },
  fk_type_mismatch: {
    title: "Foreign keys of another type",
    label: "FK type mismatch",
    blurb: "The key column's type differs from the referenced column's.",
  },
  not_valid_constraint: {
    title: "Constraints NOT VALID",
    label: "NOT VALID",
    blurb: "Never validated: old rows may break them.",
  },
  no_primary_key: {
    title: "Tables without a primary key",
    label: "no primary key",
    blurb: "Rows have no identity; logical replication may not find them.",
  },
  seq_scan_heavy: {
    title: "Read by sequential scans",
    label: "sequential scans",
    blurb: "Large tables read mostly without an index (PgHero's rule).",
  },
  missing_index: {
    title: "Missing indexes",
    label: "missing index",
    blurb:
      "A statement's plan reads a large table sequentially under a selective filter or sort. Checked with hypothetical indexes (hypopg) where installed, else not verified.",
  },
};
