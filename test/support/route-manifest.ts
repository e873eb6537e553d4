import { readdirSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { ACTION_KINDS, ACTION_STATUSES } from "@/lib/actions/types";
import { FINDING_KINDS } from "@/lib/analysis/types";
import { ORIGIN, params } from "./routes";

/*
 * Every route of the app, with who may call each method and what each input may be. The
 * fuzz test generates values from here and the guard test checks the role matrix from here;
 * both discover the route files on disk and fail when one has no entry, so a new route cannot
 * ship without being fuzzed and guarded.
 */

const ROOT = path.resolve(import.meta.dirname, "../..");

function filesNamed(dir: string, name: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, encoding: "utf8" })
    .filter((file) => path.basename(file) === name)
    .map((file) => path.posix.join(dir, file.split(path.sep).join("/")))
    .sort();
}

/** Every route handler file: the API and /metrics. */
export const discoverRouteFiles = () => [
  ...filesNamed("app/api", "route.ts"),
  ...filesNamed("app/metrics", "route.ts"),
];

/** Every page of the app. */
export const discoverPageFiles = () => filesNamed("app", "page.tsx");

export const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type Method = (typeof METHODS)[number];

/**
 * Who may call: `open` anyone; `same_origin` anyone from the app's own pages (login, logout);
 * `reader` anyone under READ_ANONYMOUS, else a session; `metrics` the same when no
 * METRICS_TOKEN is set; `operator` an operator session, same origin, READ_ONLY off.
 */
/** operator_read: a read that costs the target real work (exact bloat): an operator, any origin, READ_ONLY or not. */
/** reader_same_origin: a read that asks for work every viewer shares (refresh now): a reader, same origin. */
export type Guard =
  | "open"
  | "same_origin"
  | "reader"
  | "reader_same_origin"
  | "metrics"
  | "operator"
  | "operator_read";

/** What the test world holds: a target with a table, an index and some history. */
export interface World {
  targetId: string;
  indexOid: number;
  tableOid: number;
}

export interface MethodSpec {
  guard: Guard;
  /** Query parameters and a generator of values for each (bad ones included). */
  query?: Record<string, fc.Arbitrary<string>>;
  /** JSON body fields and a generator of values for each. */
  body?: Record<string, fc.Arbitrary<unknown>>;
  /** A well-formed request that reaches the handler's work and changes nothing that matters. */
  sample: { query?: Record<string, string>; body?: unknown };
}

export interface RouteSpec {
  /** Values for each [param] of the path, bad ones included, and the good one the matrix uses. */
  params: Record<string, { fuzz: fc.Arbitrary<string>; sample: string }>;
  methods: Partial<Record<Method, MethodSpec>>;
}

/** Text that has broken parsers elsewhere: edges of dates and weeks, numbers, markup, overlong. */
const WEIRD = [
  "",
  " ",
  // PostgreSQL text cannot hold NUL: a value with one must be refused, never reach a query.
  "\u0000",
  "a\u0000b",
  "-1",
  "0",
  "1",
  "1.5",
  "1e308",
  "-1e308",
  "NaN",
  "Infinity",
  "0x10",
  "9".repeat(400),
  "x".repeat(5000),
  "\u0000",
  "💥🔥",
  "é",
  "%00",
  "../../etc/passwd",
  "<script>alert(1)</script>",
  "'; DROP TABLE t; --",
  "null",
  "true",
  "[]",
  "{}",
  "9999-12-31",
  "9999-12-25",
  "0000-01-01",
  "+010000-01-01",
  "2026-02-30",
  "2024-02-29",
  "1999-12-31",
  "2000-01-01",
  "2199-12-31",
  "2200-01-01",
  "9999-W52",
  "0000-W01",
  "0001-W01",
  "2026-W53",
  "2020-W53",
  "2026-01-01T00:00:00Z",
  "9999-12-31T23:59:59Z",
  "0000-01-01T00:00:00Z",
  "2026-01-01T25:00:00Z",
];

export const anyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...WEIRD) },
  fc.string({ maxLength: 40 }),
  fc.string({ maxLength: 20, unit: "grapheme" }),
  fc.integer().map(String),
  fc.double().map(String),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
);

/** Mostly bad values, sometimes one of the good ones. */
const field = (...good: string[]) => (good.length ? fc.oneof(fc.constantFrom(...good), anyText) : anyText);

const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  anyText,
  fc.jsonValue({ maxDepth: 3 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(null, true, false, 2 ** 53, -1, 0, 4_294_967_296, [], {}),
);
const jsonField = (...good: unknown[]) =>
  good.length ? fc.oneof(fc.constantFrom(...good), anyJson) : anyJson;

const days = ["2026-01-01", "2026-03-15", "2025-12-29"];
const instants = ["2026-01-01T00:00:00Z", "2026-03-15", "2026-03-01T12:00:00+02:00"];

export function routeManifest(world: World): Record<string, RouteSpec> {
  const target = { fuzz: field(world.targetId, "no-such-target"), sample: world.targetId };
  const indexOid = { fuzz: field(String(world.indexOid), "4294967295"), sample: String(world.indexOid) };
  const actionId = { fuzz: field("1", "999999"), sample: "999999" };
  const findingKinds = [...FINDING_KINDS];
  return {
    "app/api/v1/actions/[id]/cancel/route.ts": {
      params: { id: actionId },
      methods: { POST: { guard: "operator", sample: {} } },
    },
    "app/api/v1/actions/[id]/route.ts": {
      params: { id: actionId },
      methods: { GET: { guard: "reader", sample: {} } },
    },
    "app/api/v1/actions/route.ts": {
      params: {},
      methods: {
        GET: {
          guard: "reader",
          query: {
            target: field(world.targetId),
            kind: field(...ACTION_KINDS),
            status: field(...ACTION_STATUSES),
            oid: field(String(world.indexOid)),
            user: field("operator"),
            limit: field("1", "200", "10000", "10001"),
            format: field("json", "csv"),
          },
          sample: { query: { limit: "5" } },
        },
      },
    },
    "app/api/v1/digest/route.ts": {
      params: {},
      methods: {
        GET: {
          guard: "reader",
          query: {
            week: field("2026-W10", "2026-W53", "2020-W53", "2000-W01", "2199-W52"),
            target: field(world.targetId),
            format: field("json", "md"),
          },
          sample: {},
        },
      },
    },
    "app/api/v1/fleet/[id]/usage/route.ts": {
      params: { id: target },
      methods: { GET: { guard: "reader", sample: {} } },
    },
    "app/api/v1/fleet/route.ts": { params: {}, methods: { GET: { guard: "reader", sample: {} } } },
    "app/api/v1/session/route.ts": {
      params: {},
      methods: {
        GET: { guard: "open", sample: {} },
        POST: {
          guard: "same_origin",
          body: { username: jsonField("viewer", "operator"), password: jsonField("wrong-password") },
          sample: { body: { username: "viewer", password: MATRIX_VIEWER_PASSWORD } },
        },
        DELETE: { guard: "same_origin", sample: {} },
      },
    },
    "app/api/v1/targets/[id]/actions/leftovers/route.ts": {
      params: { id: target },
      methods: {
        GET: { guard: "reader", query: { table: field(String(world.tableOid)) }, sample: {} },
      },
    },
    "app/api/v1/targets/[id]/actions/route.ts": {
      params: { id: target },
      methods: {
        GET: { guard: "reader", sample: {} },
        POST: {
          guard: "operator",
          // Never a real index's OID: a fuzzed request must not rebuild or drop the fixture.
          body: { kind: jsonField(...ACTION_KINDS), oid: jsonField(4_000_000_000, "4000000000") },
          sample: { body: { kind: "reindex_index", oid: 4_000_000_000 } },
        },
      },
    },
    "app/api/v1/targets/[id]/actions/preview/route.ts": {
      params: { id: target },
      methods: {
        GET: {
          guard: "reader",
          query: { kind: field(...ACTION_KINDS), oid: field(String(world.indexOid), "4000000000") },
          sample: { query: { kind: "reindex_index", oid: String(world.indexOid) } },
        },
      },
    },
    "app/api/v1/targets/[id]/refresh/route.ts": {
      params: { id: target },
      methods: { POST: { guard: "reader_same_origin", sample: {} } },
    },
    "app/api/v1/targets/[id]/usage/tables/route.ts": {
      params: { id: target },
      methods: {
        GET: {
          guard: "reader",
          query: { q: field("orders", "%", "ü".repeat(300)), limit: field("20", "0", "101", "-1", "x") },
          sample: { query: { q: "t" } },
        },
      },
    },
    "app/api/v1/targets/[id]/findings/bloat/[oid]/route.ts": {
      params: { id: target, oid: indexOid },
      methods: { GET: { guard: "operator_read", sample: {} } },
    },
    "app/api/v1/targets/[id]/findings/route.ts": {
      params: { id: target },
      methods: {
        GET: {
          guard: "reader",
          query: {
            format: field("csv", "json"),
            list: field("findings", "health", "unused", "too_early", "ignored"),
            kind: field(...findingKinds, "unused,duplicate"),
            table: field("public.t", "%", "ü".repeat(300)),
            q: field("idx", "'; DROP TABLE x; --"),
            safe: field("1", "0"),
            sort: field("benefit", "size", "writes", "name", "table"),
            dir: field("asc", "desc"),
            limit: field("50", "0", "501", "-1", "x"),
            offset: field("0", "100", "-5", "1e309"),
          },
          sample: {},
        },
        POST: { guard: "reader_same_origin", sample: {} },
      },
    },
    "app/api/v1/targets/[id]/ignores/route.ts": {
      params: { id: target },
      methods: {
        GET: { guard: "reader", sample: {} },
        POST: {
          guard: "operator",
          body: {
            key: jsonField("unused:public.orders.orders_note_idx"),
            kind: jsonField(...findingKinds),
            reason: jsonField("kept for the month-end report"),
          },
          sample: { body: { key: "unused:matrix.key", kind: "unused", reason: "matrix test" } },
        },
        DELETE: {
          guard: "operator",
          query: { key: field("unused:public.orders.orders_note_idx") },
          sample: { query: { key: "no-such-ignore" } },
        },
      },
    },
    "app/api/v1/targets/[id]/indexes/[oid]/route.ts": {
      params: { id: target, oid: indexOid },
      methods: { GET: { guard: "reader", sample: {} } },
    },
    "app/api/v1/targets/[id]/indexes/[oid]/what-if-drop/route.ts": {
      params: { id: target, oid: indexOid },
      methods: { POST: { guard: "reader_same_origin", sample: {} } },
    },
    "app/api/v1/targets/[id]/indexes/[oid]/usage/route.ts": {
      params: { id: target, oid: indexOid },
      methods: {
        GET: {
          guard: "reader",
          query: { bucket: field("hour", "day", "week"), from: field(...instants), to: field(...instants) },
          sample: {},
        },
      },
    },
    "app/api/v1/targets/[id]/indexes/[oid]/statements/route.ts": {
      params: { id: target, oid: indexOid },
      methods: {
        GET: { guard: "reader", query: { from: field(...days), to: field(...days) }, sample: {} },
      },
    },
    "app/api/v1/targets/[id]/plans/indexes/route.ts": {
      params: { id: target },
      methods: {
        GET: { guard: "reader", query: { from: field(...days), to: field(...days) }, sample: {} },
      },
    },
    "app/api/v1/targets/[id]/indexes/route.ts": {
      params: { id: target },
      methods: { GET: { guard: "reader", sample: {} } },
    },
    "app/api/v1/targets/[id]/statements/route.ts": {
      params: { id: target },
      methods: {
        GET: {
          guard: "reader",
          query: {
            from: field(...days),
            to: field(...days),
            limit: field("1", "200", "1000", "1001"),
            offset: field("0", "200"),
            sort: field("totalMs", "calls", "meanMs", "rows"),
            q: field("orders", "%", "_"),
          },
          sample: {},
        },
      },
    },
    "app/api/v1/targets/[id]/statements/[queryid]/history/route.ts": {
      params: {
        id: target,
        queryid: { fuzz: field("1", "-1", "-9223372036854775808", "9223372036854775808"), sample: "1" },
      },
      methods: {
        GET: {
          guard: "reader",
          query: {
            dbid: field("0", "5", "4294967296"),
            userid: field("0", "10"),
            from: field(...days),
            to: field(...days),
          },
          sample: { query: { dbid: "1", userid: "10" } },
        },
      },
    },
    "app/api/v1/targets/[id]/usage/weekly/route.ts": {
      params: { id: target },
      methods: {
        GET: {
          guard: "reader",
          query: {
            weeks: field("1", "8", "104", "105"),
            from: field(...days),
            to: field(...days),
            top: field("0", "8", "50"),
            q: field("orders"),
            table: field("public.orders"),
            trend: field("up", "down", "flat", "unused", "newly_used", "newly_unused"),
            sort: field("name", "table", "thisWeek", "lastWeek", "change", "trend"),
            dir: field("asc", "desc"),
            offset: field("0", "10", "1000000", "1000001"),
            limit: field("1", "200", "5000", "5001"),
          },
          sample: { query: { weeks: "2" } },
        },
      },
    },
    "app/api/v1/targets/route.ts": { params: {}, methods: { GET: { guard: "reader", sample: {} } } },
    "app/metrics/route.ts": { params: {}, methods: { GET: { guard: "metrics", sample: {} } } },
  };
}

/** The viewer's password in the worlds of the fuzz and guard tests. */
export const MATRIX_VIEWER_PASSWORD = "viewer-secret-matrix";
export const MATRIX_OPERATOR_PASSWORD = "operator-secret-matrix";

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** The handlers a route file exports, by method, loaded as Next.js loads them. */
export async function loadHandlers(file: string): Promise<Partial<Record<Method, Handler>>> {
  const module = (await import(path.join(ROOT, file))) as Record<string, unknown>;
  return Object.fromEntries(
    METHODS.filter((m) => typeof module[m] === "function").map((m) => [m, module[m] as Handler]),
  );
}

/** The URL path of a route file with its [params] filled in. */
export function urlPathOf(file: string, values: Record<string, string>): string {
  const dir = path.posix.dirname(file).replace(/^app/, "");
  return dir.replace(/\[(\w+)\]/g, (_, name: string) => encodeURIComponent(values[name] ?? ""));
}

export interface RouteCall {
  params: Record<string, string>;
  query?: Record<string, string>;
  /** A JSON body (serialized here), or raw text sent as is. */
  body?: { json: unknown } | { raw: string };
  headers?: Record<string, string>;
}

/** Calls a handler the way Next.js does: a Request for the URL, and the params as a Promise. */
export function callRoute(
  file: string,
  method: Method,
  handler: Handler,
  call: RouteCall,
): Promise<Response> {
  const url = new URL(`${ORIGIN}${urlPathOf(file, call.params)}`);
  for (const [key, value] of Object.entries(call.query ?? {})) url.searchParams.set(key, value);
  const body = call.body && ("json" in call.body ? JSON.stringify(call.body.json) : call.body.raw);
  const request = new Request(url, {
    method,
    headers: { ...(body !== undefined ? { "content-type": "application/json" } : {}), ...call.headers },
    ...(body !== undefined && method !== "GET" ? { body } : {}),
  });
  return handler(request, params(call.params));
}
