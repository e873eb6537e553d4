import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ValidationError } from "@/lib/errors";
import { parseInput } from "./respond";

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
