import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { repairNormalisedText } from "./normalised-text";

const parameters = (text: string) => [...text.matchAll(/\$(\d+)/g)].map((m) => m[1]).sort();

describe("repairNormalisedText", () => {
  it.each([
    ["SELECT 1 WHERE t < now() + interval $2", "SELECT 1 WHERE t < now() + $2::interval"],
    ["VALUES ($1, now() + INTERVAL $6, $7)", "VALUES ($1, now() + $6::interval, $7)"],
    [
      "WHERE d = date $1 AND ts > timestamp  with  time zone $3",
      "WHERE d = $1::date AND ts > $3::timestamp with time zone",
    ],
    [
      "SELECT extract($5 FROM pg_stat_get_lastscan(c.oid)) * $6",
      "SELECT date_part($5, pg_stat_get_lastscan(c.oid)) * $6",
    ],
    ["SELECT jsonb $1 -> $2", "SELECT $1::jsonb -> $2"],
  ])("%s", (text, repaired) => {
    expect(repairNormalisedText(text)).toBe(repaired);
  });

  it.each([
    "SELECT id FROM t WHERE created_at > $1 ORDER BY date",
    "SELECT $1::interval, interval_col FROM t LIMIT $2",
    "SELECT extract(epoch FROM now())",
    "SELECT timestamp_col FROM t WHERE x = $1",
  ])("leaves valid SQL as it is: %s", (text) => {
    expect(repairNormalisedText(text)).toBe(text);
  });

  it("keeps every parameter, changes nothing twice, and never throws", () => {
    const word = fc.constantFrom(
      "interval",
      "date",
      "SELECT",
      "extract(",
      "FROM",
      "x",
      " ",
      "$1",
      "$12",
      "(",
      ")",
      "time",
      "zone",
      "with",
    );
    fc.assert(
      fc.property(
        fc.array(word, { maxLength: 30 }).map((w) => w.join(" ")),
        (text) => {
          const once = repairNormalisedText(text);
          expect(parameters(once)).toEqual(parameters(text));
          expect(repairNormalisedText(once)).toBe(once);
        },
      ),
    );
  });
});
