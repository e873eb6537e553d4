import { NameText } from "@/components/name-text";
import { parseFindingKey } from "@/lib/analysis/finding-key";
import { FINDING_KIND_TEXT } from "./finding-kinds";

/**
 * The findings this one cannot be applied together with: each is safe only while the other's
 * index stays. Applying one makes the other unsafe (the next analysis says so).
 */
export function Excludes({ keys }: { keys: readonly string[] }) {
  if (keys.length === 0) return null;
  return (
    <p
      data-testid="finding-excludes"
      className="rounded border border-amber-300 bg-amber-50 px-2 py-1 text-xs text-amber-900 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-100"
    >
      Not together with{" "}
      {keys.map((key, i) => {
        const other = parseFindingKey(key);
        return (
          <span key={key}>
            {i > 0 ? ", " : ""}
            <span className="font-mono break-words" title={key}>
              <NameText name={other ? other.name : key} />
              {other ? ` (${FINDING_KIND_TEXT[other.kind]?.label ?? other.kind})` : ""}
            </span>
          </span>
        );
      })}
      : each is safe to drop only while the other stays.
    </p>
  );
}
