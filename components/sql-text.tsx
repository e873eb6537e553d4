import { sqlTokens } from "@/components/format";

/** With SqlText: wraps between tokens only, scrolls sideways for a token longer than the line. */
export const SQL_WRAP_CLASSES =
  "overflow-x-auto whitespace-pre-wrap [overflow-wrap:normal] [word-break:normal]";

/**
 * A statement that wraps only between tokens: words never break (word-break: normal), a quoted
 * name with spaces inside is kept on one line, and a qualified name may break after its dot or
 * a list after its parenthesis. Few elements: plain text stays text.
 */
export function SqlText({ sql }: { sql: string }) {
  const parts: React.ReactNode[] = [];
  let text = "";
  const flush = () => {
    if (text) parts.push(text);
    text = "";
  };
  for (const token of sqlTokens(sql)) {
    if (token.startsWith('"') && /\s/.test(token)) {
      flush();
      parts.push(
        <span key={parts.length} className="whitespace-pre">
          {token}
        </span>,
      );
    } else if (token === "." || token === "(") {
      text += token;
      flush();
      parts.push(<wbr key={parts.length} />);
    } else {
      text += token;
    }
  }
  flush();
  return <>{parts}</>;
}
