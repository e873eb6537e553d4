import { z } from "zod";
import { pgOid } from "@/lib/db/columns";
import { type Queryable, queryRows } from "@/lib/db/query";

const notValidConstraintRow = z.object({
  constraint_oid: pgOid,
  table_oid: pgOid,
  schema: z.string(),
  table: z.string(),
  name: z.string(),
  kind: z.enum(["c", "f"]),
  definition: z.string(),
  validate_sql: z.string(),
});

export type NotValidConstraintRow = z.infer<typeof notValidConstraintRow>;

/**
 * CHECK and FOREIGN KEY constraints added NOT VALID and never validated: new rows obey them,
 * old rows were never checked. A partition's copy of its parent's constraint is left out.
 */
export function listNotValidConstraints(db: Queryable): Promise<NotValidConstraintRow[]> {
  return queryRows(
    db,
    "findings_not_valid_constraints",
    `SELECT con.oid::int8 AS constraint_oid,
            con.conrelid::int8 AS table_oid,
            n.nspname AS schema,
            t.relname AS "table",
            con.conname AS name,
            con.contype::text AS kind,
            pg_get_constraintdef(con.oid) AS definition,
            format('ALTER TABLE %I.%I VALIDATE CONSTRAINT %I', n.nspname, t.relname, con.conname) AS validate_sql
       FROM pg_constraint con
       JOIN pg_class t ON t.oid = con.conrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE NOT con.convalidated AND con.contype IN ('c', 'f') AND con.conparentid = 0
        AND n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
      ORDER BY n.nspname, t.relname, con.conname`,
    [],
    notValidConstraintRow,
  );
}
