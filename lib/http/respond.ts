import { NextResponse } from "next/server";
import type { z } from "zod";
import { isConnectionError } from "@/lib/db/pool";
import { RowShapeError } from "@/lib/db/query";
import { DomainError, ValidationError } from "@/lib/errors";

const NO_STORE = { "Cache-Control": "no-store" } as const;

export function json(body: unknown, init?: { status?: number; headers?: Record<string, string> }) {
  return NextResponse.json(body, { status: init?.status ?? 200, headers: { ...NO_STORE, ...init?.headers } });
}

/** A JSON body serialized beforehand (shared by many requests), sent as it is. */
export function jsonBody(body: Blob) {
  return new Response(body, { status: 200, headers: { ...NO_STORE, "Content-Type": "application/json" } });
}

/** True when any string in the input (keys included, at any depth) holds a NUL character. */
function holdsNul(input: unknown, depth = 0): boolean {
  if (typeof input === "string") return input.includes("\u0000");
  if (depth > 32 || input === null || typeof input !== "object") return false;
  return Object.entries(input).some(([key, value]) => key.includes("\u0000") || holdsNul(value, depth + 1));
}

/**
 * Parses input with zod or throws a ValidationError carrying the issues (→ 400). PostgreSQL
 * text cannot hold a NUL character: any input with one is refused here, for every route,
 * before it can reach a query as a 500.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  if (holdsNul(input)) {
    throw new ValidationError(`invalid ${what}`, [
      { code: "custom", path: [], message: "text may not contain a NUL character (\\u0000)" },
    ]);
  }
  const outcome = schema.safeParse(input);
  if (!outcome.success) {
    throw new ValidationError(`invalid ${what}`, outcome.error.issues);
  }
  return outcome.data;
}

/** parseInput over the request's query string (a repeated parameter counts once, the last). */
export function parseQuery<S extends z.ZodType>(schema: S, request: Request, what: string): z.output<S> {
  return parseInput(schema, Object.fromEntries(new URL(request.url).searchParams), what);
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
  const failure = databaseFailure(error);
  if (failure) {
    return json({ error: { code: failure.code, message: failure.message } }, { status: failure.status });
  }
  console.error(error);
  return json(
    { error: { code: "internal_error", message: "internal error; see the server log" } },
    { status: 500 },
  );
}

/**
 * A database failure that no route turned into a typed error (a store read without
 * readingStore, a pool that timed out connecting, a statement that ran out of time): not a
 * bug of ours, so never a 500. A timeout is a 504 and a missing database a 503, each with
 * PostgreSQL's own reason.
 */
function databaseFailure(error: unknown): { status: number; code: string; message: string } | null {
  if (!(error instanceof Error)) return null;
  const code = (error as { code?: unknown }).code;
  if (code === "57014" && /statement timeout/i.test(error.message)) {
    return { status: 504, code: "query_timeout", message: `a query ran out of time: ${error.message}` };
  }
  if (/^Query read timeout/i.test(error.message)) {
    return {
      status: 504,
      code: "query_timeout",
      message: "a query got no answer in time: Query read timeout",
    };
  }
  if (code === "55P03") {
    return {
      status: 503,
      code: "lock_timeout",
      message: `a query waited too long for a lock: ${error.message}`,
    };
  }
  if (code === "57014" || isConnectionError(error)) {
    return {
      status: 503,
      code: "database_unavailable",
      message: `a database the app needs cannot be used right now: ${error.message}`,
    };
  }
  return null;
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
