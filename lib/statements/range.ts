import type pg from "pg";
import { addDays, daysBetween } from "@/lib/analysis/rollup";
import { env } from "@/lib/config/env";
import { ValidationError } from "@/lib/errors";
import { readingStore } from "@/lib/store/store-errors";
import { storeToday } from "@/lib/store/usage-reads";

/** The Queries page's default window: the last seven days, today included. */
export const DEFAULT_STATEMENT_DAYS = 7;

/** The longest range: the daily roll-ups kept (RETAIN_DAILY_DAYS), at least a year. */
export const maxStatementRangeDays = () => Math.max(366, env().RETAIN_DAILY_DAYS);

/**
 * The day range of a statements read: `to` defaults to the store's today, `from` to six days
 * before `to`; from after to, or a range longer than the roll-ups kept, is a 400.
 */
export async function statementRange(
  pool: pg.Pool,
  query: { from?: string | undefined; to?: string | undefined },
): Promise<{ from: string; to: string }> {
  const to = query.to ?? (await readingStore(() => storeToday(pool)));
  const from = query.from ?? addDays(to, -(DEFAULT_STATEMENT_DAYS - 1));
  const span = daysBetween(from, to);
  if (span < 0) throw new ValidationError("invalid range: from must not be after to", [{ path: ["from"] }]);
  if (span >= maxStatementRangeDays())
    throw new ValidationError(`invalid range: at most ${maxStatementRangeDays()} days`, [{ path: ["from"] }]);
  return { from, to };
}
