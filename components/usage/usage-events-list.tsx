import { formatDateTime, formatRelative } from "@/components/format";
import type { UsageEvent } from "@/lib/store/usage-reads";
import { EVENT_LABELS } from "./usage-colors";

/** Resets, rebuilds, restarts and gaps in the range: why a series may jump or pause. */
export function UsageEventsList({ events }: { events: UsageEvent[] }) {
  const now = Date.now();
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <section
      data-testid="usage-events"
      className="rounded-lg border border-neutral-200 bg-white p-4 dark:border-neutral-800 dark:bg-neutral-900"
    >
      <h2 className="mb-2 text-sm font-semibold">Events ({events.length})</h2>
      {events.length === 0 ? (
        <p className="text-sm text-neutral-500">No reset, rebuild, restart or gap in this range.</p>
      ) : (
        <ul className="max-h-64 space-y-1 overflow-auto text-sm">
          {events.map((e) => (
            <li key={`${e.kind}-${e.t}-${e.detail}`} className="flex gap-3">
              <time
                dateTime={e.t}
                title={`${formatDateTime(e.t)} (${zone})`}
                className="whitespace-nowrap text-neutral-500 tabular-nums"
              >
                {formatRelative(Date.parse(e.t), now)}
              </time>
              <span className="font-medium">{EVENT_LABELS[e.kind] ?? e.kind}</span>
              <span className="text-neutral-600 dark:text-neutral-300">{e.detail}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
