import { redirect } from "next/navigation";
import { connection } from "next/server";
import { listTargetConfigs, type TargetConfig } from "@/lib/targets/registry";

function readTargets(): { targets: TargetConfig[]; problem: string | null } {
  try {
    return { targets: listTargetConfigs(), problem: null };
  } catch (error) {
    return { targets: [], problem: error instanceof Error ? error.message : String(error) };
  }
}

/** `/` opens the first configured target, or explains how to configure one. */
export default async function Home() {
  // The configuration is read from the environment at request time, never at build time.
  await connection();
  const { targets, problem } = readTargets();
  if (targets.length > 1) redirect("/fleet");
  const first = targets[0];
  if (first) redirect(`/targets/${encodeURIComponent(first.id)}`);

  return (
    <main className="mx-auto max-w-2xl px-6 py-16" data-testid="setup-help">
      <p className="text-sm font-semibold tracking-tight text-indigo-600 dark:text-indigo-400">indexwatch</p>
      <h1 className="mt-1 text-2xl font-semibold text-neutral-900 dark:text-neutral-50">
        No database to watch yet
      </h1>
      {problem ? (
        <p className="mt-4 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950/40 dark:text-red-200">
          The configuration could not be read: {problem}
        </p>
      ) : null}
      <p className="mt-4 text-sm leading-6 text-neutral-700 dark:text-neutral-300">
        indexwatch shows how a PostgreSQL database uses its indexes: their sizes, how often each is scanned,
        and which ones are never used. Tell it which database to watch with the{" "}
        <code className="font-mono">DATABASE_URL</code> environment variable, then restart it:
      </p>
      <pre className="mt-4 overflow-x-auto rounded-lg bg-neutral-900 px-4 py-3 font-mono text-sm text-neutral-100">
        <code>DATABASE_URL=postgres://monitor@db.example.com:5432/app npm start</code>
      </pre>
      <ul className="mt-4 list-disc space-y-1.5 pl-5 text-sm leading-6 text-neutral-700 dark:text-neutral-300">
        <li>
          A read-only role is enough: grant it <code className="font-mono">pg_monitor</code> so that it can
          read the statistics of every table.
        </li>
        <li>
          Optional: <code className="font-mono">TARGET_ID</code> (in URLs, default{" "}
          <code className="font-mono">main</code>) and <code className="font-mono">TARGET_NAME</code> (shown
          in the header, default the database name).
        </li>
      </ul>
    </main>
  );
}
