import { formatRelative, formatTime } from "@/components/format";

export interface UnreachableBannerProps {
  /** Why the target (or the indexwatch server) cannot be reached. */
  message: string;
  /** When the data still shown was received (ms), or null when there never was any. */
  dataFrom: number | null;
  /** What cannot be reached: the target database (503) or the indexwatch server itself. */
  subject?: "target" | "server";
  now?: number;
}

/** Shown while polls fail; the page keeps its last good data and recovers on the next success. */
export function UnreachableBanner({ message, dataFrom, subject = "target", now }: UnreachableBannerProps) {
  const lead = subject === "server" ? "indexwatch server unreachable" : "Target unreachable";
  const reason = message.replace(/[.\s]+$/, "");
  return (
    <div
      role="alert"
      data-testid="unreachable-banner"
      className="flex items-start gap-3 border-b border-amber-300 bg-amber-50 px-6 py-2.5 text-sm text-amber-900 dark:border-amber-700/60 dark:bg-amber-950/60 dark:text-amber-100"
    >
      <svg aria-hidden="true" viewBox="0 0 20 20" className="mt-0.5 size-4 shrink-0 fill-amber-500">
        <path d="M10 1.5 19 18H1L10 1.5Zm-1 6v5h2v-5H9Zm0 6.5v2h2v-2H9Z" />
      </svg>
      <p className="min-w-0 break-words">
        <strong className="font-semibold">{lead}:</strong> {reason}.{" "}
        {dataFrom === null ? (
          <>No data loaded yet; retrying every 15 s.</>
        ) : (
          <>
            Showing data from <time dateTime={new Date(dataFrom).toISOString()}>{formatTime(dataFrom)}</time>
            {now !== undefined ? ` (${formatRelative(dataFrom, Math.max(now, dataFrom))})` : ""}.
          </>
        )}
      </p>
    </div>
  );
}
