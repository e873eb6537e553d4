import { useId } from "react";

export interface ChartFrameProps {
  testId: string;
  title: string;
  /** One sentence for screen readers: what the chart shows. */
  ariaLabel: string;
  subtitle?: React.ReactNode;
  /** ResponsiveContainer needs a sized parent: the plot area gets this explicit height. */
  height: number;
  legend?: React.ReactNode;
  /** An accessible alternative (e.g. a table of links) shown on request. */
  dataTable?: React.ReactNode;
  children: React.ReactNode;
}

/** Card around one chart: title, explicit plot height, optional legend and data table. */
export function ChartFrame({
  testId,
  title,
  ariaLabel,
  subtitle,
  height,
  legend,
  dataTable,
  children,
}: ChartFrameProps) {
  const titleId = useId();
  return (
    <figure
      data-testid={testId}
      aria-label={ariaLabel}
      className="min-w-0 rounded-lg border border-neutral-200 bg-white p-4 shadow-xs dark:border-neutral-800 dark:bg-neutral-900"
    >
      <figcaption className="mb-2 flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <div>
          <h2 id={titleId} className="text-sm font-semibold text-neutral-900 dark:text-neutral-50">
            {title}
          </h2>
          {subtitle ? <p className="text-xs text-neutral-500 dark:text-neutral-400">{subtitle}</p> : null}
        </div>
        {legend ? <div className="text-xs text-neutral-500 dark:text-neutral-400">{legend}</div> : null}
      </figcaption>
      <div className="w-full" style={{ height }}>
        {children}
      </div>
      {dataTable ? (
        <details className="mt-2 text-xs">
          <summary className="cursor-pointer select-none text-neutral-500 hover:text-neutral-800 dark:text-neutral-400 dark:hover:text-neutral-200">
            Show as table
          </summary>
          <div className="mt-2 max-h-72 overflow-auto">{dataTable}</div>
        </details>
      ) : null}
    </figure>
  );
}

export function LegendSwatch({ color, children }: { color: string; children: React.ReactNode }) {
  return (
    <span className="inline-flex items-center gap-1.5">
      <span
        aria-hidden="true"
        className="inline-block size-2.5 rounded-sm"
        style={{ backgroundColor: color }}
      />
      {children}
    </span>
  );
}
