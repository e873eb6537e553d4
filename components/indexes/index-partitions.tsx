import Link from "next/link";
import { formatBytes, formatCount } from "@/components/format";
import { NameText } from "@/components/name-text";
import { targetBasePath } from "@/components/nav/target-nav-items";
import type { IndexPartition } from "@/lib/indexes/index-detail";
import { Panel } from "./index-detail";

/**
 * A partitioned index holds no data and has no statistics of its own: PostgreSQL scans its
 * partitions' indexes, plans name them, and the history follows them. This panel stands
 * where the parent's history and statements would be, and leads to each partition's page.
 */
export function IndexPartitions({
  targetId,
  partitions,
}: {
  targetId: string;
  partitions: IndexPartition[];
}) {
  const base = targetBasePath(targetId);
  return (
    <Panel title="Partitions" testId="index-partitions">
      <p className="mb-2 text-sm text-neutral-600 dark:text-neutral-300" data-testid="index-partitions-note">
        A partitioned index holds no rows: PostgreSQL scans the indexes of its partitions, so the scans, the
        history and the statements whose plans use it are theirs. The figures above are their sums.
      </p>
      {partitions.length === 0 ? (
        <p className="text-sm text-neutral-500" data-testid="index-partitions-empty">
          No partition index in the latest poll (a partition attached since shows at the next one).
        </p>
      ) : (
        <table className="w-full table-fixed text-sm">
          <colgroup>
            <col />
            <col className="w-28" />
            <col className="w-28" />
          </colgroup>
          <thead className="text-left text-xs text-neutral-600 dark:text-neutral-400">
            <tr>
              <th className="px-2 py-1 font-medium">Index of the partition</th>
              <th className="px-2 py-1 text-right font-medium">Scans</th>
              <th className="px-2 py-1 text-right font-medium">Size</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-neutral-100 dark:divide-neutral-800">
            {partitions.map((p) => (
              <tr key={p.oid} data-testid="index-partition-row">
                <td className="px-2 py-1.5">
                  <Link
                    href={`${base}/indexes/${p.key}`}
                    data-testid="index-partition-link"
                    className="font-medium text-indigo-700 hover:underline dark:text-indigo-300"
                  >
                    <NameText name={p.name} />
                  </Link>
                  <span className="text-xs text-neutral-500">
                    {" "}
                    on {p.schema}.{p.table}
                    {p.partitioned ? " (partitioned)" : ""}
                  </span>
                </td>
                <td className="px-2 py-1.5 text-right tabular-nums">{formatCount(p.scans)}</td>
                <td className="px-2 py-1.5 text-right tabular-nums">{formatBytes(p.sizeBytes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}
