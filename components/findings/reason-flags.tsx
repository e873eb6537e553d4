import type { FindingReason } from "@/lib/analysis/types";

const LABELS: Record<string, string> = {
  backs_primary_key: "primary key",
  backs_unique_constraint: "unique constraint",
  backs_exclusion_constraint: "exclusion constraint",
  enforces_uniqueness: "enforces uniqueness",
  referenced_by_foreign_key: "referenced by FK",
  replica_identity: "replica identity",
  supports_foreign_key: "supports FK",
  partitioned_index: "partitioned index",
  belongs_to_partitioned_index: "partition of an index",
  only_index_of_partition: "only index of partition",
  expression_index: "expression",
  partial_index: "partial",
  younger_than_window: "younger than window",
  age_unknown: "age unknown before first seen",
  incomplete_observation: "incomplete observation",
  build_in_progress: "build in progress",
};

/** One badge per reason a drop would be unsafe; none means safe to drop. */
export function ReasonFlags({
  reasons,
  safeToDrop,
  tooEarly = false,
}: {
  reasons: FindingReason[];
  safeToDrop: boolean;
  /** A candidate while the window is short: nothing stands in the way, but it is not proven unused. */
  tooEarly?: boolean;
}) {
  if (safeToDrop && tooEarly) {
    return (
      <span
        data-testid="no-flags"
        className="inline-flex rounded-full bg-neutral-100 px-2 py-0.5 text-xs font-medium text-neutral-700 dark:bg-neutral-800 dark:text-neutral-200"
      >
        no flags (too early)
      </span>
    );
  }
  if (safeToDrop) {
    return (
      <span
        data-testid="safe-to-drop"
        className="inline-flex rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200"
      >
        safe to drop
      </span>
    );
  }
  return (
    <ul className="flex flex-wrap gap-1">
      {reasons.map((reason) => (
        <li
          key={reason.code}
          data-testid="reason-flag"
          data-code={reason.code}
          title={reason.message}
          className="inline-flex rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900 dark:bg-amber-950 dark:text-amber-200"
        >
          {LABELS[reason.code] ?? reason.code.replaceAll("_", " ")}
        </li>
      ))}
    </ul>
  );
}
