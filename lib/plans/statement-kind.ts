/**
 * Decides whether a statement text (as pg_stat_statements normalises it) may be planned: one
 * SELECT, INSERT, UPDATE or DELETE, or a WITH whose main statement is one of those. Anything
 * else (utility statements, MERGE, several statements, empty text) is refused before it
 * reaches the server.
 *
 * The one-statement guarantee does not rest on lexing: the text is refused when it holds any
 * semicolon but a trailing one, so the simple query protocol (which the planner's `$n`
 * parameters need) can never split it into a second command such as a COMMIT that would end
 * the read-only transaction. pg_stat_statements replaces literals with `$n`, so a semicolon
 * inside a string is rare and only costs us that statement's plan.
 */

export type StatementKind = "select" | "insert" | "update" | "delete";

export type StatementCheck =
  | { ok: true; kind: StatementKind; text: string; parameterCount: number }
  | { ok: false; reason: string };

/** A Map, not an object literal: a statement starting with `__proto__` or `constructor` must not find a kind. */
const MAIN_KEYWORDS: ReadonlyMap<string, StatementKind> = new Map([
  ["select", "select"],
  ["insert", "insert"],
  ["update", "update"],
  ["delete", "delete"],
]);

/** Words that can start the main statement of a WITH; only MAIN_KEYWORDS' are planned. */
const STATEMENT_KEYWORDS = new Set(["select", "insert", "update", "delete", "merge", "values", "table"]);

/** Longest text we try to plan: pg_stat_statements texts are capped by track_activity_query_size anyway. */
export const MAX_PLANNABLE_TEXT = 100_000;

interface Token {
  word?: string;
  char?: string;
  parameter?: number;
  depth: number;
}

/**
 * Words, parentheses and `$n` parameters at their nesting depth, with comments, string
 * literals, quoted identifiers and dollar-quoted bodies skipped. Returns null when a literal
 * or comment never ends.
 */
export function lexStatement(text: string): Token[] | null {
  const tokens: Token[] = [];
  let depth = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i] as string;
    const next = text[i + 1];
    if (c === "-" && next === "-") {
      const end = text.indexOf("\n", i);
      i = end === -1 ? n : end + 1;
    } else if (c === "/" && next === "*") {
      let nesting = 1;
      i += 2;
      while (i < n && nesting > 0) {
        if (text[i] === "/" && text[i + 1] === "*") {
          nesting++;
          i += 2;
        } else if (text[i] === "*" && text[i + 1] === "/") {
          nesting--;
          i += 2;
        } else i++;
      }
      if (nesting > 0) return null;
    } else if (c === "'" || c === '"') {
      // E'…' strings may escape a quote with a backslash; '' and "" double themselves.
      const escapes = c === "'" && /[eE]/.test(text[i - 1] ?? "") && !/[\w$]/.test(text[i - 2] ?? "");
      i++;
      for (;;) {
        if (i >= n) return null;
        const d = text[i];
        if (escapes && d === "\\") i += 2;
        else if (d === c && text[i + 1] === c) i += 2;
        else if (d === c) {
          i++;
          break;
        } else i++;
      }
    } else if (c === "$") {
      const parameter = /^\$(\d+)/.exec(text.slice(i, i + 12));
      const tag = /^\$([A-Za-z_][A-Za-z_0-9]*)?\$/.exec(text.slice(i, i + 80));
      if (parameter) {
        tokens.push({ parameter: Number(parameter[1]), depth });
        i += parameter[0].length;
      } else if (tag) {
        const end = text.indexOf(tag[0], i + tag[0].length);
        if (end === -1) return null;
        i = end + tag[0].length;
      } else i++;
    } else if (/[A-Za-z_]/.test(c)) {
      const word = /^[A-Za-z_][A-Za-z_0-9$]*/.exec(text.slice(i, i + 200))?.[0] ?? c;
      // Only a word at the start of a token counts: skip the rest of a long identifier.
      let end = i + word.length;
      while (end < n && /[A-Za-z_0-9$]/.test(text[end] as string)) end++;
      tokens.push({ word: word.toLowerCase(), depth });
      i = end;
    } else {
      if (c === "(") {
        tokens.push({ char: c, depth });
        depth++;
      } else if (c === ")") {
        depth--;
        tokens.push({ char: c, depth });
      } else if (!/\s/.test(c)) tokens.push({ char: c, depth });
      i++;
    }
  }
  return tokens;
}

export function checkPlannableStatement(raw: string): StatementCheck {
  const text = raw.replace(/;\s*$/, "").trim();
  if (text.length === 0) return { ok: false, reason: "empty statement" };
  if (text.length > MAX_PLANNABLE_TEXT) return { ok: false, reason: "statement text too long to plan" };
  if (text.includes(";"))
    return { ok: false, reason: "more than one statement (a semicolon inside the text)" };
  if (text.includes("\0")) return { ok: false, reason: "statement text holds a NUL character" };
  const tokens = lexStatement(text);
  if (tokens === null) return { ok: false, reason: "unterminated comment, string or quoted name" };
  const first = tokens[0]?.word;
  let kind: StatementKind | undefined;
  if (first === "with") {
    // The main statement is the first statement keyword outside every CTE's parentheses.
    const main = tokens.find(
      (t, index) => index > 0 && t.depth === 0 && t.word !== undefined && STATEMENT_KEYWORDS.has(t.word),
    );
    kind = main?.word === undefined ? undefined : MAIN_KEYWORDS.get(main.word);
    if (kind === undefined)
      return {
        ok: false,
        reason: "a WITH statement whose main statement is not SELECT, INSERT, UPDATE or DELETE",
      };
  } else if (first !== undefined && MAIN_KEYWORDS.has(first)) {
    kind = MAIN_KEYWORDS.get(first);
  }
  if (kind === undefined) {
    return {
      ok: false,
      reason: `only SELECT, INSERT, UPDATE and DELETE are planned, not ${first?.toUpperCase() ?? "this text"}`,
    };
  }
  const parameterCount = tokens.reduce((max, t) => Math.max(max, t.parameter ?? 0), 0);
  if (parameterCount > 65_535) return { ok: false, reason: "too many parameters" };
  return { ok: true, kind, text, parameterCount };
}
