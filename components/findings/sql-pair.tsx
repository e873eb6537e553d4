import { SqlText } from "@/components/sql-text";
import type { Finding } from "@/lib/analysis/types";
import { CopySqlButton } from "./copy-sql-button";

function SqlLine({ label, sql, testId }: { label: string; sql: string; testId: string }) {
  return (
    <div className="flex items-start gap-2">
      <span className="w-12 shrink-0 pt-0.5 text-xs font-medium uppercase tracking-wide text-neutral-500">
        {label}
      </span>
      <pre
        data-testid={testId}
        className="min-w-0 flex-1 overflow-x-auto whitespace-pre-wrap rounded bg-neutral-100 px-2 py-1 font-mono text-xs text-neutral-800 [overflow-wrap:normal] [word-break:normal] dark:bg-neutral-900 dark:text-neutral-200"
      >
        <SqlText sql={sql} />
      </pre>
      <CopySqlButton sql={sql} label={`Copy ${label.toLowerCase()}`} />
    </div>
  );
}

/**
 * The statement that applies a finding and the one that undoes it, each with a copy button.
 * Without one: an index finding is a partition's index (it goes with its parent's); a table
 * or column finding asks for a design decision no single statement makes.
 */
export function SqlPair({ sql, aboutAnIndex }: { sql: Finding["sql"]; aboutAnIndex: boolean }) {
  if (!sql) {
    return (
      <p className="text-xs text-neutral-500" data-testid="sql-none">
        {aboutAnIndex
          ? "No statement of its own: it goes with its partitioned parent index."
          : "No statement to run: the answer is a change to the table or its queries (see above)."}
      </p>
    );
  }
  return (
    <div className="flex flex-col gap-1">
      <SqlLine label="Apply" sql={sql.apply} testId="sql-apply" />
      <SqlLine label="Undo" sql={sql.undo} testId="sql-undo" />
    </div>
  );
}
