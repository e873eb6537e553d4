import Link from "next/link";
import { formatBytes } from "@/components/format";
import { ScansFigure } from "@/components/indexes/scans-figure";
import type { IndexJson } from "@/lib/inventory/index-inventory";

export interface IndexLinkTableProps {
  caption: string;
  indexes: IndexJson[];
  hrefFor: (oid: number) => string;
}

/** The data behind a chart as a small table of links: the keyboard and screen-reader path. */
export function IndexLinkTable({ caption, indexes, hrefFor }: IndexLinkTableProps) {
  return (
    <table className="w-full text-left tabular-nums">
      <caption className="sr-only">{caption}</caption>
      <thead className="text-neutral-500 dark:text-neutral-400">
        <tr>
          <th scope="col" className="py-1 pr-3 font-medium">
            Index
          </th>
          <th scope="col" className="py-1 pr-3 font-medium">
            Table
          </th>
          <th scope="col" className="py-1 pr-3 text-right font-medium">
            Size
          </th>
          <th scope="col" className="py-1 text-right font-medium">
            Scans
          </th>
        </tr>
      </thead>
      <tbody className="divide-y divide-neutral-100 dark:divide-neutral-800">
        {indexes.map((index) => (
          <tr key={index.oid}>
            <td className="max-w-64 truncate py-1 pr-3">
              <Link
                href={hrefFor(index.oid)}
                title={index.name}
                className="text-indigo-600 hover:underline dark:text-indigo-400"
              >
                {index.name}
              </Link>
            </td>
            <td
              className="max-w-48 truncate py-1 pr-3 text-neutral-600 dark:text-neutral-300"
              title={`${index.schema}.${index.table}`}
            >
              {index.schema}.{index.table}
            </td>
            <td className="py-1 pr-3 text-right">{formatBytes(index.sizeBytes)}</td>
            <td className="py-1 text-right">
              <ScansFigure index={index} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
