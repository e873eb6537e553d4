/**
 * A statement's text, inert: React escapes it (a `<script>` in a query is characters), and
 * long or unbroken text wraps anywhere instead of widening the page.
 */
export function StatementText({
  text,
  clamp = false,
  testId,
}: {
  text: string;
  /** Three lines at most (the table); the full text otherwise (the selected statement). */
  clamp?: boolean;
  testId?: string;
}) {
  return (
    <code
      data-testid={testId}
      title={clamp ? text.slice(0, 2_000) : undefined}
      className={`whitespace-pre-wrap font-mono text-xs text-neutral-800 [overflow-wrap:anywhere] dark:text-neutral-200 ${
        clamp ? "line-clamp-3" : "block max-h-80 overflow-auto"
      }`}
    >
      {text === "" ? "(text not available)" : text}
    </code>
  );
}
