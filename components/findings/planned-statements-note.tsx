import { formatCount } from "@/components/format";
import type { Finding } from "@/lib/analysis/types";
import type { PlannedIndexNotes } from "@/lib/plans/planned-index-notes";

function plural(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/**
 * Under an unused index: what the statement plans say of it. Nothing while plans are off (the
 * index page says how to turn them on).
 */
export function PlannedStatementsNote({
  finding,
  notes,
}: {
  finding: Finding;
  notes: PlannedIndexNotes | undefined;
}) {
  if (!notes?.available || !finding.index) return null;
  const note = notes.indexes.find(
    (i) => i.schema === finding.schema && i.table === finding.table && i.name === finding.index?.name,
  );
  let text: string;
  if (!note || note.statements === 0) text = "No tracked statement plans to use it.";
  else if (note.ranInRange === 0)
    text = `${plural(note.statements, "statement plans", "statements plan")} to use it but did not run in the window.`;
  else
    text =
      `${plural(note.statements, "statement plans", "statements plan")} to use it; ${formatCount(note.ranInRange)} ran in ` +
      "the window without scanning it (their plans with real values chose otherwise).";
  return (
    <p className="text-xs text-neutral-600 dark:text-neutral-400" data-testid="planned-statements-note">
      {text}
    </p>
  );
}

/**
 * Under a duplicate or redundant index: the statements each side serves, by their generic
 * plans, so dropping one side is weighed against what runs on it.
 */
export function OverlapStatementsNote({
  finding,
  notes,
}: {
  finding: Finding;
  notes: PlannedIndexNotes | undefined;
}) {
  if (!notes?.available || !finding.index) return null;
  if (finding.kind !== "duplicate" && finding.kind !== "redundant") return null;
  const keep = typeof finding.details?.keep === "string" ? finding.details.keep : null;
  if (keep === null) return null;
  const count = (name: string) =>
    notes.indexes.find((i) => i.schema === finding.schema && i.table === finding.table && i.name === name)
      ?.statements ?? 0;
  const mine = count(finding.index.name);
  const kept = count(keep);
  return (
    <p className="text-xs text-neutral-600 dark:text-neutral-400" data-testid="overlap-statements-note">
      Statement plans: {plural(mine, "statement uses", "statements use")} this index,{" "}
      {plural(kept, "uses", "use")} {keep} (kept).
    </p>
  );
}
