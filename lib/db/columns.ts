import { z } from "zod";

/**
 * Column parsers for what `pg` hands back. int8 and numeric arrive as strings unless a
 * type parser says otherwise; accept both so that parsing never depends on global state.
 */
export const pgInt = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^-?\d+$/)
    .transform(Number),
]);
export const pgCount = pgInt.pipe(z.number().int().nonnegative());
export const pgNumber = z.union([
  z.number(),
  z
    .string()
    .regex(/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i)
    .transform(Number),
]);
export const pgOid = pgInt.pipe(z.number().int().positive().max(4_294_967_295));

/*
 * For the queries whose rows scale with the catalog (tens of thousands per call): their SQL
 * casts numbers to float8 (exact below 2^53), which arrives as a JS number whatever type
 * parsers are installed, so plain number schemas do: several times cheaper than the
 * string-or-number parsers above.
 */
export const float8Count = z.number().int().nonnegative();
export const float8Oid = z.number().int().positive().max(4_294_967_295);
export const float8Id = z.number().int().positive();
