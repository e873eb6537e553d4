/**
 * pg_stat_statements replaces constants with `$n`, which leaves a few texts that are no
 * longer SQL: a typed literal (`interval '1 day'`) becomes `interval $2`, and an EXTRACT field
 * (`extract(epoch FROM t)`) becomes `extract($5 FROM t)`. Both are rewritten to the cast and
 * function forms the server parses (`$2::interval`, `date_part($5, t)`), which plan alike. Any
 * other text is returned as it is. A type name right before a parameter is never valid SQL, so
 * nothing valid is changed.
 */

const TYPED_LITERAL_TYPES = [
  "timestamp with time zone",
  "timestamp without time zone",
  "time with time zone",
  "time without time zone",
  "double precision",
  "timestamptz",
  "timestamp",
  "timetz",
  "time",
  "interval",
  "date",
  "jsonb",
  "json",
  "uuid",
  "inet",
  "cidr",
  "numeric",
  "bytea",
  "tsquery",
  "tsvector",
] as const;

const typedLiteral = new RegExp(
  `\\b(${TYPED_LITERAL_TYPES.map((t) => t.replaceAll(" ", "\\s+")).join("|")})\\s+\\$(\\d+)\\b`,
  "gi",
);
const extractField = /\bextract\s*\(\s*\$(\d+)\s+from\s/gi;

function repairOnce(text: string): string {
  return text
    .replace(
      typedLiteral,
      (_match, type: string, n: string) => `$${n}::${type.toLowerCase().replace(/\s+/g, " ")}`,
    )
    .replace(extractField, (_match, n: string) => `date_part($${n}, `);
}

/** Repeated until nothing changes: each pass consumes a type name or an EXTRACT, so it ends. */
export function repairNormalisedText(text: string): string {
  let current = text;
  for (let pass = 0; pass < 1_000; pass++) {
    const next = repairOnce(current);
    if (next === current) return current;
    current = next;
  }
  return current;
}
