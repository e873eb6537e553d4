import { PrintedEvidenceText } from "@/components/findings/human-text";
import { formatBytes, formatCount, formatDateTimeWithZone } from "@/components/format";
import type { DigestIndexUsage, TargetDigest } from "@/lib/digest/types";

function Section({ title, testId, children }: { title: string; testId: string; children: React.ReactNode }) {
  return (
    <section className="mt-4 break-inside-avoid" data-testid={testId}>
      <h3 className="text-sm font-semibold text-neutral-800 dark:text-neutral-200">{title}</h3>
      <div className="mt-1">{children}</div>
    </section>
  );
}

const None = ({ children }: { children: React.ReactNode }) => (
  <p className="text-sm italic text-neutral-500 dark:text-neutral-400">{children}</p>
);

function change(i: DigestIndexUsage): string {
  if (i.changeRatio === null) return i.scans > 0 ? "new" : "—";
  const pct = Math.round(i.changeRatio * 100);
  return `${pct >= 0 ? "+" : ""}${pct}%`;
}

function UsageTable({ rows, testId }: { rows: DigestIndexUsage[]; testId: string }) {
  return (
    <table className="w-full text-left text-sm" data-testid={testId}>
      <thead className="text-xs uppercase text-neutral-500">
        <tr>
          <th className="py-1 font-medium">Index</th>
          <th className="py-1 text-right font-medium">Scans</th>
          <th className="py-1 text-right font-medium">Last week</th>
          <th className="py-1 text-right font-medium">Change</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-neutral-100 dark:divide-neutral-800">
        {rows.map((r) => (
          <tr key={`${r.schema}.${r.table}.${r.name}`} data-testid="digest-index-row">
            <td className="py-1 font-mono text-xs">
              {r.schema}.{r.name} <span className="text-neutral-500">on {r.table}</span>
            </td>
            <td className="py-1 text-right tabular-nums">{formatCount(r.scans)}</td>
            <td className="py-1 text-right tabular-nums">{formatCount(r.lastWeekScans)}</td>
            <td className="py-1 text-right tabular-nums">{change(r)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One target's week: the seed's weekly checklist, section by section. */
export function TargetDigestSections({ digest, showName }: { digest: TargetDigest; showName: boolean }) {
  const d = digest;
  return (
    <article
      className="rounded-lg border border-neutral-200 bg-white p-5 dark:border-neutral-800 dark:bg-neutral-900 print:border-0 print:p-0"
      data-testid="digest-target"
      data-target={d.targetId}
    >
      {showName ? <h2 className="text-lg font-semibold">{d.name}</h2> : null}
      <p className="text-sm text-neutral-700 dark:text-neutral-300" data-testid="digest-totals">
        {formatCount(d.totals.scans)} index scans (last week {formatCount(d.totals.lastWeekScans)});{" "}
        {d.totals.usedIndexes} of {d.totals.indexes} indexes used.
        {d.servers.length > 1 ? ` Summed over ${d.servers.length} servers: ${d.servers.join(", ")}.` : ""}
      </p>
      {!d.complete ? (
        <p
          className="mt-2 rounded border border-amber-200 bg-amber-50 px-2 py-1 text-xs text-amber-900 dark:border-amber-900 dark:bg-amber-950/40 dark:text-amber-200"
          data-testid="digest-incomplete"
        >
          {d.simulated
            ? "Not observed: this week comes, at least in part, from the demo's simulated history."
            : "Incomplete: a server was not observed for the whole week; scans may be missing."}
        </p>
      ) : null}
      {d.simulated ? <p className="mt-1 text-xs text-neutral-500">Includes simulated demo history.</p> : null}
      <Section title="Most used indexes" testId="digest-most-used">
        {d.mostUsed.length ? (
          <UsageTable rows={d.mostUsed} testId="digest-most-used-table" />
        ) : (
          <None>No index scans this week.</None>
        )}
      </Section>
      <div className="grid gap-x-6 md:grid-cols-2 print:grid-cols-2">
        <Section title="Newly unused" testId="digest-newly-unused">
          {d.newlyUnused.length ? (
            <UsageTable rows={d.newlyUnused} testId="digest-newly-unused-table" />
          ) : (
            <None>None.</None>
          )}
        </Section>
        <Section title="Newly used" testId="digest-newly-used">
          {d.newlyUsed.length ? (
            <UsageTable rows={d.newlyUsed} testId="digest-newly-used-table" />
          ) : (
            <None>None.</None>
          )}
        </Section>
      </div>
      <Section title={`Growth in size (${formatBytes(d.totalGrowthBytes)} in all)`} testId="digest-growth">
        {d.growth.length ? (
          <ul className="space-y-0.5 text-sm">
            {d.growth.map((g) => (
              <li key={`${g.schema}.${g.table}.${g.name}`} className="font-mono text-xs">
                {g.schema}.{g.name}: {formatBytes(g.sizeBefore)} → {formatBytes(g.sizeAfter)} (
                {g.growthBytes >= 0 ? "+" : ""}
                {formatBytes(g.growthBytes)})
              </li>
            ))}
          </ul>
        ) : (
          <None>No size changes recorded.</None>
        )}
      </Section>
      <Section
        title={`New findings${d.openFindings !== null ? ` (${d.openFindings} open)` : ""}`}
        testId="digest-findings"
      >
        {d.newFindings?.length ? (
          <ul className="space-y-1 text-sm">
            {d.newFindings.map((f) => (
              <li key={f.key}>
                <span className="rounded bg-neutral-100 px-1 text-xs font-medium dark:bg-neutral-800">
                  {f.kind}
                </span>{" "}
                <span className="font-mono text-xs">
                  {f.schema}.{f.index ?? f.table}
                </span>
                : <PrintedEvidenceText text={f.evidence} />
              </li>
            ))}
          </ul>
        ) : d.newFindings ? (
          <None>None.</None>
        ) : null}
        {d.findingsNote ? <p className="mt-1 text-xs text-neutral-500">{d.findingsNote}</p> : null}
      </Section>
      <Section title="Actions taken" testId="digest-actions">
        {d.actions.length ? (
          <ul className="space-y-0.5 text-sm">
            {d.actions.map((a) => (
              <li key={a.id}>
                {a.requestedAt.slice(0, 16).replace("T", " ")} UTC: {a.kind.replace("_", " ")} of{" "}
                <span className="font-mono text-xs">
                  {a.schema}.{a.index ?? a.table}
                </span>{" "}
                by {a.username}: {a.status}
                {a.durationMs !== null ? ` in ${Math.round(a.durationMs / 1000)} s` : ""}
              </li>
            ))}
          </ul>
        ) : (
          <None>No actions.</None>
        )}
      </Section>
      {d.events.length ? (
        <Section title="Server events" testId="digest-events">
          <ul className="space-y-0.5 text-xs">
            {d.events.map((e) => (
              <li key={`${e.server}-${e.at}-${e.kind}`}>
                <time dateTime={e.at}>{formatDateTimeWithZone(e.at)}</time>, {e.server}: {e.kind}:{" "}
                <PrintedEvidenceText text={e.detail} />
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
    </article>
  );
}
