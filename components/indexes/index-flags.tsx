import type { IndexJson } from "@/lib/inventory/index-inventory";

type Tone = "accent" | "neutral" | "red" | "amber";

export interface IndexFlag {
  key: string;
  label: string;
  tone: Tone;
  title: string;
}

/** The badges an index gets, in display order. */
export function indexFlags(index: IndexJson): IndexFlag[] {
  const flags: IndexFlag[] = [];
  if (!index.valid) {
    flags.push({
      key: "invalid",
      label: "invalid",
      tone: "red",
      title: "Invalid: a failed CREATE INDEX CONCURRENTLY left it unusable; it still costs writes.",
    });
  }
  if (index.primary)
    flags.push({ key: "primary", label: "primary", tone: "accent", title: "Primary key index" });
  else if (index.unique)
    flags.push({ key: "unique", label: "unique", tone: "accent", title: "Unique index" });
  if (index.constraint) {
    flags.push({
      key: "constraint",
      label: index.constraint.type === "exclusion" ? "exclusion" : "constraint",
      tone: "neutral",
      title: `Backs the ${index.constraint.type} constraint ${index.constraint.name}`,
    });
  }
  if (index.partial)
    flags.push({ key: "partial", label: "partial", tone: "neutral", title: "Partial index (WHERE …)" });
  if (index.expression) {
    flags.push({ key: "expression", label: "expression", tone: "neutral", title: "Indexes an expression" });
  }
  if (index.partitioned) {
    flags.push({
      key: "partitioned",
      label: "partitioned",
      tone: "neutral",
      title:
        index.partitionsSummed === null
          ? "Partitioned index: the parent of its partitions' indexes; it holds no data itself"
          : `Partitioned index: it holds no data itself; its size and scans are the sums over its ${index.partitionsSummed} partitions' indexes`,
    });
  }
  if (index.sizeSkipped === "locked") {
    flags.push({
      key: "locked",
      label: "locked",
      tone: "amber",
      title: "Someone holds an ACCESS EXCLUSIVE lock on it: it was not sized this time",
    });
  }
  return flags;
}

const TONES: Record<Tone, string> = {
  accent:
    "border-indigo-200 bg-indigo-50 text-indigo-700 dark:border-indigo-800 dark:bg-indigo-950 dark:text-indigo-300",
  neutral:
    "border-neutral-200 bg-neutral-50 text-neutral-600 dark:border-neutral-700 dark:bg-neutral-800 dark:text-neutral-300",
  red: "border-red-200 bg-red-50 text-red-700 dark:border-red-900 dark:bg-red-950 dark:text-red-300",
  amber:
    "border-amber-200 bg-amber-50 text-amber-800 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-300",
};

export function FlagBadge({ flag }: { flag: IndexFlag }) {
  return (
    <span
      title={flag.title}
      data-flag={flag.key}
      className={`inline-flex items-center whitespace-nowrap rounded border px-1.5 py-px text-[11px] font-medium leading-4 ${TONES[flag.tone]}`}
    >
      {flag.label}
    </span>
  );
}

export function IndexFlags({ index, wrap = false }: { index: IndexJson; wrap?: boolean }) {
  const flags = indexFlags(index);
  if (flags.length === 0) return null;
  return (
    <span className={`flex gap-1 ${wrap ? "flex-wrap" : "overflow-hidden"}`}>
      {flags.map((flag) => (
        <FlagBadge key={flag.key} flag={flag} />
      ))}
    </span>
  );
}
