import { z } from "zod";

/** Route parameter schemas shared by every route handler. */
export const targetIdParam = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "a target id is lower-case letters, digits and dashes");

/** An OID arrives as a decimal string in the path and must fit PostgreSQL's unsigned 32-bit oid. */
export const oidParam = z
  .string()
  .regex(/^[1-9][0-9]{0,9}$/, "an oid is a positive whole number")
  .transform(Number)
  .refine((n) => n <= 4_294_967_295, "an oid fits in 32 bits");

/** An OID in a JSON body: a number, as everywhere in our API. */
export const oidNumber = z.number().int().positive().max(4_294_967_295);
