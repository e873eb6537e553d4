/**
 * pg_stat_statements is missing or unreadable on the target: not an error of ours, a setup
 * step, said with the steps (the sampler's reason names the database and the role).
 */
export function StatementsUnavailable({ reason }: { reason: string | null }) {
  return (
    <section
      role="status"
      data-testid="statements-unavailable"
      className="rounded-lg border border-amber-200 bg-amber-50 px-5 py-4 text-sm text-amber-900 dark:border-amber-900/60 dark:bg-amber-950/40 dark:text-amber-100"
    >
      <h2 className="font-semibold">Statement history is not available on this target</h2>
      <p className="mt-1 break-words" data-testid="statements-unavailable-reason">
        {reason ?? "pg_stat_statements cannot be read."}
      </p>
      <ol className="mt-2 list-decimal pl-5 text-xs">
        <li>
          In postgresql.conf: <code>shared_preload_libraries = &apos;pg_stat_statements&apos;</code>, then
          restart PostgreSQL.
        </li>
        <li>
          In the watched database: <code>CREATE EXTENSION pg_stat_statements;</code>
        </li>
        <li>
          For every user&apos;s statements: <code>GRANT pg_read_all_stats TO &lt;monitoring role&gt;;</code>{" "}
          (pg_monitor includes it).
        </li>
      </ol>
      <p className="mt-2 text-xs">indexwatch checks again on every poll; this page fills in by itself.</p>
    </section>
  );
}
