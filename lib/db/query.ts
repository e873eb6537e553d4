import type pg from "pg";
import type { z } from "zod";

/** Anything that can run a query: a Pool, a PoolClient or a Client. */
export type Queryable = Pick<pg.Pool, "query"> | Pick<pg.ClientBase, "query">;

export class RowShapeError extends Error {
  constructor(
    readonly queryName: string,
    readonly issues: unknown,
  ) {
    super(`query ${queryName} returned rows of an unexpected shape`);
    this.name = "RowShapeError";
  }
}

/**
 * Runs one named query and parses every row with its zod schema: a row from `pg` is
 * `unknown` until checked. The name reaches pg_stat_activity through the SQL comment, so a
 * DBA watching the target sees which panel of ours runs what.
 */
export async function queryRows<S extends z.ZodType>(
  db: Queryable,
  name: string,
  text: string,
  values: readonly unknown[],
  rowSchema: S,
): Promise<z.output<S>[]> {
  const result = await db.query({ text: `/* indexwatch:${name} */ ${text}`, values: [...values] });
  const parsed: z.output<S>[] = [];
  for (const row of result.rows) {
    const outcome = rowSchema.safeParse(row);
    if (!outcome.success) throw new RowShapeError(name, outcome.error.issues);
    parsed.push(outcome.data);
  }
  return parsed;
}

export async function queryOne<S extends z.ZodType>(
  db: Queryable,
  name: string,
  text: string,
  values: readonly unknown[],
  rowSchema: S,
): Promise<z.output<S>> {
  const rows = await queryRows(db, name, text, values, rowSchema);
  const first = rows[0];
  if (rows.length !== 1 || first === undefined) {
    throw new RowShapeError(name, `expected exactly one row, got ${rows.length}`);
  }
  return first;
}
