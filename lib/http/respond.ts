import { NextResponse } from "next/server";
import type { z } from "zod";
import { RowShapeError } from "@/lib/db/query";
import { DomainError, ValidationError } from "@/lib/errors";

const NO_STORE = { "Cache-Control": "no-store" } as const;

export function json(body: unknown, init?: { status?: number; headers?: Record<string, string> }) {
  return NextResponse.json(body, { status: init?.status ?? 200, headers: { ...NO_STORE, ...init?.headers } });
}

/** Parses input with zod or throws a ValidationError carrying the issues (→ 400). */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const outcome = schema.safeParse(input);
  if (!outcome.success) {
    throw new ValidationError(`invalid ${what}`, outcome.error.issues);
  }
  return outcome.data;
}

/** The one place where errors become HTTP answers. */
export function errorResponse(error: unknown) {
  if (error instanceof DomainError) {
    return json(
      {
        error: {
          code: error.code,
          message: error.message,
          ...(error.details ? { issues: error.details } : {}),
        },
      },
      { status: error.status },
    );
  }
  if (error instanceof RowShapeError) {
    console.error(error.message, JSON.stringify(error.issues));
    return json(
      { error: { code: "unexpected_catalog_shape", message: `${error.message}; see the server log` } },
      { status: 502 },
    );
  }
  console.error(error);
  return json(
    { error: { code: "internal_error", message: "internal error; see the server log" } },
    { status: 500 },
  );
}

/** Wraps a route handler so every thrown error takes the same way out. */
export function handle<A extends unknown[]>(fn: (...args: A) => Promise<Response>) {
  return async (...args: A): Promise<Response> => {
    try {
      return await fn(...args);
    } catch (error) {
      return errorResponse(error);
    }
  };
}
