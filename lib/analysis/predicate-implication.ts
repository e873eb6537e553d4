/**
 * What a foreign-key lookup implies about a partial index's predicate. The check behind a
 * DELETE or key UPDATE on the parent reads the child `WHERE fk_col = $1 [AND …]`, which
 * implies `fk_col IS NOT NULL` for every key column and nothing else. So a predicate made only
 * of `col IS NOT NULL` conjuncts over key columns is implied (the planner proves the same with
 * predicate_implied_by), and anything else is not.
 *
 * The predicate arrives as pg_get_expr deparsed it: `(col IS NOT NULL)`,
 * `((a IS NOT NULL) AND (b IS NOT NULL))`, identifiers quoted only where they must be.
 */

/** Strips parentheses that wrap the whole text, however many. */
function unwrap(text: string): string {
  let s = text.trim();
  while (s.startsWith("(") && s.endsWith(")") && closingParenOf(s, 0) === s.length - 1)
    s = s.slice(1, -1).trim();
  return s;
}

/** Index of the parenthesis that closes the one at `open`, skipping quoted text; -1 when unbalanced. */
function closingParenOf(s: string, open: number): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === quote) {
        if (s[i + 1] === quote) i++;
        else quote = null;
      }
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === "(") depth++;
    else if (c === ")") {
      depth--;
      if (depth === 0) return i;
      if (depth < 0) return -1;
    }
  }
  return -1;
}

/** The top-level AND conjuncts, or null for a top-level OR or unbalanced text (a NOT stays inside its conjunct). */
export function topLevelConjuncts(text: string): string[] | null {
  const s = unwrap(text);
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === quote) {
        if (s[i + 1] === quote) i++;
        else quote = null;
      }
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (depth === 0 && /\s/.test(c ?? "")) {
      const rest = s.slice(i + 1);
      if (/^AND\s/.test(rest)) {
        parts.push(s.slice(start, i));
        i += 4;
        start = i;
      } else if (/^OR\s/.test(rest)) return null;
    }
  }
  if (quote || depth !== 0) return null;
  parts.push(s.slice(start));
  return parts.map(unwrap);
}

const PLAIN_IDENTIFIER = /^[a-z_][a-z0-9_$]*$/;

/** The column a `col IS NOT NULL` conjunct names, unquoted; null for any other shape. */
export function notNullColumn(conjunct: string): string | null {
  const match = /^(.*\S)\s+IS\s+NOT\s+NULL$/.exec(unwrap(conjunct));
  if (!match?.[1]) return null;
  const ident = match[1];
  if (PLAIN_IDENTIFIER.test(ident)) return ident;
  if (ident.length >= 2 && ident.startsWith('"') && ident.endsWith('"')) {
    const inner = ident.slice(1, -1);
    // Inside a quoted identifier a quote is written twice; a lone one would have ended it.
    if (inner.replace(/""/g, "").includes('"')) return null;
    return inner.replace(/""/g, '"');
  }
  return null;
}

/** True when looking rows up by every one of `keyColumnNames` implies `predicate`. */
export function impliedByKeyLookup(predicate: string, keyColumnNames: readonly string[]): boolean {
  const conjuncts = topLevelConjuncts(predicate);
  if (!conjuncts || conjuncts.length === 0) return false;
  const keys = new Set(keyColumnNames);
  return conjuncts.every((conjunct) => {
    const column = notNullColumn(conjunct);
    return column !== null && keys.has(column);
  });
}
