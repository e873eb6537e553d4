import { z } from "zod";
import {
  EARLIEST_DAY,
  EARLIEST_INSTANT_MS,
  END_OF_CALENDAR_MS,
  isDayInCalendar,
  LATEST_DAY,
} from "@/lib/analysis/calendar";

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

/** A calendar day, YYYY-MM-DD, within the calendar the app accepts (2000-01-01 … 2199-12-31). */
export const dayParam = z.iso
  .date("a day is YYYY-MM-DD")
  .refine(isDayInCalendar, `a day between ${EARLIEST_DAY} and ${LATEST_DAY}`);

/** An instant, ISO-8601 with an offset or a bare day (its midnight UTC), within the same calendar. */
export const instantParam = z.iso
  .datetime({ offset: true, message: "an ISO-8601 instant or YYYY-MM-DD" })
  .or(z.iso.date("an ISO-8601 instant or YYYY-MM-DD"))
  .transform((s) => new Date(s))
  .refine(
    (at) => at.getTime() >= EARLIEST_INSTANT_MS && at.getTime() < END_OF_CALENDAR_MS,
    `an instant between ${EARLIEST_DAY} and ${LATEST_DAY}`,
  );

/** A page offset in a list: a whole number, at most a million rows in. */
export const offsetParam = z.coerce.number().int().min(0).max(1_000_000);
