import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type ApiWorld, startApiWorld } from "@/test/support/api-world";
import {
  anyText,
  callRoute,
  discoverRouteFiles,
  loadHandlers,
  MATRIX_OPERATOR_PASSWORD,
  type Method,
  type MethodSpec,
  type RouteCall,
  type RouteSpec,
  routeManifest,
} from "@/test/support/route-manifest";
import { ORIGIN, sessionCookie } from "@/test/support/routes";

// Every parameter and body field of every route, filled with generated values (absurd dates
// and weeks, huge and negative numbers, empty, unicode, overlong text, wrong JSON types, text
// that is not JSON), sent to the real handlers over a real PostgreSQL as an operator from the
// app's own origin, so that the guard lets every request through to the input checks.

const ANSWER_WITHIN_MS = 5_000;
const RUNS_PER_METHOD = 50;
const HEAP_GROWTH_LIMIT = 256 * 1024 * 1024;

let world: ApiWorld;
let operator = "";

beforeAll(async () => {
  world = await startApiWorld("fuzz");
  operator = await sessionCookie("operator", MATRIX_OPERATOR_PASSWORD);
});

afterAll(async () => {
  await world.close();
});

function callsFor(route: RouteSpec, spec: MethodSpec): fc.Arbitrary<RouteCall> {
  const params = fc.record(Object.fromEntries(Object.entries(route.params).map(([k, v]) => [k, v.fuzz])));
  const query = spec.query ? fc.record(spec.query, { requiredKeys: [] }) : fc.constant({});
  const extra = fc.option(fc.tuple(anyText, anyText), { nil: undefined });
  const body = spec.body
    ? fc.oneof(
        fc.record(spec.body, { requiredKeys: [] }).map((json) => ({ json })),
        fc.jsonValue({ maxDepth: 3 }).map((json) => ({ json })),
        fc
          .oneof(
            fc.string({ maxLength: 60 }),
            fc.constantFrom("{", "[1,", '{"a":}', "\u0000", "x".repeat(70_000)),
          )
          .map((raw) => ({ raw })),
      )
    : fc.constant(undefined);
  return fc.record({ params, query, extra, body }).map(({ params, query, extra, body }) => ({
    params: params as Record<string, string>,
    query:
      extra && !(extra[0] in query) ? { ...query, [extra[0]]: extra[1] } : (query as Record<string, string>),
    ...(body ? { body } : {}),
    headers: { origin: ORIGIN, cookie: operator },
  }));
}

/** The answer, or a failure naming the request when none comes in time. */
async function answerInTime(
  call: () => Promise<Response>,
  what: string,
): Promise<{ status: number; text: string }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${ANSWER_WITHIN_MS} ms: ${what}`)),
      ANSWER_WITHIN_MS,
    );
  });
  try {
    return await Promise.race([
      (async () => {
        const response = await call();
        return { status: response.status, text: await response.text() };
      })(),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

describe("a fuzz pass over every route", () => {
  it("answers every generated request in time, with a 4xx for bad input and never a 5xx, on bounded heap", async () => {
    const manifest = routeManifest(world);
    expect(Object.keys(manifest).sort()).toEqual(discoverRouteFiles());
    const heapAtStart = process.memoryUsage().heapUsed;
    let heapPeak = heapAtStart;
    const statuses = new Map<number, number>();
    for (const [file, route] of Object.entries(manifest)) {
      const handlers = await loadHandlers(file);
      for (const [method, spec] of Object.entries(route.methods) as [Method, MethodSpec][]) {
        const handler = handlers[method];
        if (!handler) throw new Error(`${file} exports no ${method}`);
        await fc.assert(
          fc.asyncProperty(callsFor(route, spec), async (call) => {
            const what = `${method} ${file} ${JSON.stringify(call).slice(0, 300)}`;
            const { status, text } = await answerInTime(() => callRoute(file, method, handler, call), what);
            statuses.set(status, (statuses.get(status) ?? 0) + 1);
            heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
            expect(status, `${what} → ${text.slice(0, 300)}`).toBeLessThan(500);
          }),
          { numRuns: RUNS_PER_METHOD },
        );
      }
    }
    // Bad input was refused (400/404/413/422…), not only let through.
    expect([...statuses.keys()].some((s) => s >= 400)).toBe(true);
    expect(heapPeak - heapAtStart).toBeLessThan(HEAP_GROWTH_LIMIT);
  });
});

describe("the reproductions of issue 11", () => {
  const cases: Array<[string, string, Record<string, string>, Record<string, string>]> = [
    [
      "app/api/v1/targets/[id]/usage/weekly/route.ts",
      "a week at the end of year 9999",
      { id: "shop" },
      { from: "9999-12-25", to: "9999-12-31" },
    ],
    [
      "app/api/v1/targets/[id]/usage/weekly/route.ts",
      "a range in year 0000",
      { id: "shop" },
      { from: "0000-01-01", to: "0000-01-07" },
    ],
    [
      "app/api/v1/targets/[id]/usage/weekly/route.ts",
      "a range ending in 2200",
      { id: "shop" },
      { from: "2199-12-25", to: "2200-01-01" },
    ],
    ["app/api/v1/digest/route.ts", "week 0000-W01", {}, { week: "0000-W01" }],
    ["app/api/v1/digest/route.ts", "week 0001-W01", {}, { week: "0001-W01" }],
    ["app/api/v1/digest/route.ts", "week 9999-W52", {}, { week: "9999-W52" }],
    [
      "app/api/v1/targets/[id]/indexes/[oid]/usage/route.ts",
      "hours of year 0000",
      { id: "shop", oid: "1" },
      { bucket: "hour", from: "0000-01-01", to: "0000-01-02" },
    ],
    [
      "app/api/v1/targets/[id]/indexes/[oid]/usage/route.ts",
      "the last hours of 9999",
      { id: "shop", oid: "1" },
      { bucket: "hour", from: "9999-12-31T00:00:00Z", to: "9999-12-31T23:00:00Z" },
    ],
  ];

  it.each(cases)("%s: %s answers 400 at once with a clear message", async (file, _what, params, query) => {
    const handler = (await loadHandlers(file)).GET;
    if (!handler) throw new Error(`${file} has no GET`);
    const { status, text } = await answerInTime(
      () => callRoute(file, "GET", handler, { params, query }),
      file,
    );
    expect(status).toBe(400);
    expect(text).toMatch(/between 2000-01-01 and 2199-12-31|ISO week/);
  });
});

describe("text PostgreSQL cannot hold", () => {
  it("answers every query parameter of every route holding a NUL with a 4xx (GET /api/v1/actions?user=%00 was a 500)", async () => {
    const manifest = routeManifest(world);
    let checked = 0;
    for (const [file, route] of Object.entries(manifest)) {
      const handlers = await loadHandlers(file);
      const params = Object.fromEntries(Object.entries(route.params).map(([k, v]) => [k, v.sample]));
      for (const [method, spec] of Object.entries(route.methods) as [Method, MethodSpec][]) {
        const handler = handlers[method];
        if (!handler) throw new Error(`${file} exports no ${method}`);
        for (const name of Object.keys(spec.query ?? {})) {
          const call = {
            params,
            query: { [name]: "a\u0000b" },
            headers: { origin: ORIGIN, cookie: operator },
          };
          const { status, text } = await answerInTime(
            () => callRoute(file, method, handler, call),
            `${method} ${file} ${name}`,
          );
          expect(status, `${method} ${file} ?${name}=a%00b → ${text.slice(0, 200)}`).toBeGreaterThanOrEqual(
            400,
          );
          expect(status, `${method} ${file} ?${name}=a%00b → ${text.slice(0, 200)}`).toBeLessThan(500);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});

describe("the weekly range", () => {
  const file = "app/api/v1/targets/[id]/usage/weekly/route.ts";
  const span = async (days: number) => {
    const handler = (await loadHandlers(file)).GET;
    if (!handler) throw new Error(`${file} has no GET`);
    const to = "2026-06-30";
    const from = new Date(Date.parse(`${to}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
    return (
      await answerInTime(
        () => callRoute(file, "GET", handler, { params: { id: "shop" }, query: { from, to } }),
        from,
      )
    ).status;
  };

  it("is bounded by the daily roll-ups kept (RETAIN_DAILY_DAYS) plus two weeks, and never below 104 weeks", async () => {
    expect(await span(727)).toBe(200);
    expect(await span(743)).toBe(200);
    expect(await span(744)).toBe(400);
    vi.stubEnv("RETAIN_DAILY_DAYS", "1000");
    try {
      expect(await span(1013)).toBe(200);
      expect(await span(1014)).toBe(400);
    } finally {
      vi.stubEnv("RETAIN_DAILY_DAYS", "730");
    }
  });
});
