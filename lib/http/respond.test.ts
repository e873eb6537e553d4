import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ValidationError } from "@/lib/errors";
import { parseInput, parseQuery } from "./respond";

describe("parseInput", () => {
  const query = z.object({ user: z.string().optional(), nested: z.object({ a: z.string() }).optional() });

  it("refuses a NUL character anywhere in the input with a 400, before any query sees it", () => {
    // GET /api/v1/actions?user=%00 answered 500: PostgreSQL text cannot hold NUL (the fuzz pass found it).
    expect(() => parseInput(query, { user: "\u0000" }, "query parameters")).toThrow(ValidationError);
    expect(() => parseInput(query, { nested: { a: "x\u0000y" } }, "body")).toThrow(/invalid body/);
    expect(() => parseInput(query, { ["k\u0000"]: "v" }, "body")).toThrow(ValidationError);
  });

  it("passes every input without NUL through to the schema", () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !s.includes("\u0000")),
        (user) => {
          expect(parseInput(query, { user }, "query parameters")).toEqual({ user });
        },
      ),
    );
  });
});

describe("parseQuery", () => {
  const query = z.object({ q: z.string().optional() });
  const get = (search: string) => new Request(`http://app.test/api/v1/x${search}`);

  it("reads the query string, percent-decoded, the last of a repeated parameter", () => {
    expect(parseQuery(query, get("?q=a%20b"), "query")).toEqual({ q: "a b" });
    expect(parseQuery(query, get("?q=first&q=last"), "query")).toEqual({ q: "last" });
    expect(parseQuery(query, get(""), "query")).toEqual({});
  });

  it("refuses an encoded NUL like parseInput does", () => {
    expect(() => parseQuery(query, get("?q=%00"), "statements query")).toThrow(/invalid statements query/);
  });
});
