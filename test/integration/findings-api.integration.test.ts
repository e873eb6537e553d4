import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as getExactBloat } from "@/app/api/v1/targets/[id]/findings/bloat/[oid]/route";
import { GET as getFindingsRoute, POST as recomputeRoute } from "@/app/api/v1/targets/[id]/findings/route";
import { DELETE as deleteIgnore, POST as postIgnore } from "@/app/api/v1/targets/[id]/ignores/route";
import type { Finding } from "@/lib/analysis/types";
import { findingsComputations, forgetFindings } from "@/lib/findings/findings-cache";
import type { FindingsPage } from "@/lib/findings/findings-page";
import { migrateStore } from "@/lib/store/migrate";
import { ORIGIN, params, sessionCookie } from "@/test/support/routes";
import { createTestDatabase, type TestDatabase } from "@/test/support/test-database";

// The findings routes as Next.js calls them: a real target, a real store, real sessions.

let db: TestDatabase;
let store: TestDatabase;
let operatorCookie = "";

async function findings(query = ""): Promise<Response> {
  return getFindingsRoute(
    new Request(`${ORIGIN}/api/v1/targets/shop/findings${query}`),
    params({ id: "shop" }),
  );
}

async function findingsJson(query = "?limit=500"): Promise<FindingsPage> {
  const response = await findings(query);
  expect(response.status).toBe(200);
  return (await response.json()) as FindingsPage;
}

function recompute(query = "", origin = ORIGIN): Promise<Response> {
  return recomputeRoute(
    new Request(`${ORIGIN}/api/v1/targets/shop/findings${query}`, { method: "POST", headers: { origin } }),
    params({ id: "shop" }),
  );
}

function ignoreRequest(method: "POST" | "DELETE", body?: unknown, query = "", cookie = operatorCookie) {
  const request = new Request(`${ORIGIN}/api/v1/targets/shop/ignores${query}`, {
    method,
    headers: { "content-type": "application/json", origin: ORIGIN, ...(cookie ? { cookie } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return method === "POST"
    ? postIgnore(request, params({ id: "shop" }))
    : deleteIgnore(request, params({ id: "shop" }));
}

const unusedNamed = (report: FindingsPage, name: string): Finding | undefined =>
  report.page.items.find((f) => f.kind === "unused" && f.index?.name === name);

beforeAll(async () => {
  db = await createTestDatabase("findings_api");
  store = await createTestDatabase("findings_api_store");
  await migrateStore(store.pool);
  vi.stubEnv("DATABASE_URL", db.url);
  vi.stubEnv("TARGET_ID", "shop");
  vi.stubEnv("STORE_URL", store.url);
  vi.stubEnv("OPERATOR_PASSWORD", "operator-secret-5");
  vi.stubEnv("VIEWER_PASSWORD", "viewer-secret-5");
  vi.stubEnv("SESSION_SECRET", "findings-test-secret-that-is-long-enough-42");
  // The cluster started a minute ago: judge unused from the first second.
  vi.stubEnv("UNUSED_MIN_DAYS", "0");
  await db.pool.query(`
    CREATE TABLE t (id int PRIMARY KEY, a int, b int, note text);
    CREATE INDEX t_a_idx ON t (a);
    CREATE INDEX t_a_b_idx ON t (a, b);
    CREATE INDEX "=cmd|' /C calc'!A0" ON t (note);
    INSERT INTO t SELECT g, g % 10, g % 7, 'n' || g FROM generate_series(1, 1000) g;
    ANALYZE t;
  `);
  operatorCookie = await sessionCookie("operator", "operator-secret-5");
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await db.drop();
  await store.drop();
});

describe("GET /api/v1/targets/{id}/findings", () => {
  it("answers the documented shape, with a labelled live window when there is no history", async () => {
    const response = await findings();
    expect(response.headers.get("cache-control")).toBe("no-store");
    const report = (await response.json()) as FindingsPage;
    expect(report.window).toMatchObject({ source: "live_stats", tooEarly: false, minDays: 0 });
    expect(report.window.note).toMatch(/no stored history/);
    expect(Date.parse(report.window.since)).not.toBeNaN();
    const unused = unusedNamed(report, "t_a_idx");
    expect(unused).toMatchObject({
      kind: "unused",
      index: { schema: "public", table: "t", name: "t_a_idx" },
      table: "t",
      columns: ["a"],
      reasons: [],
      safeToDrop: true,
      sql: { apply: "DROP INDEX CONCURRENTLY public.t_a_idx" },
    });
    expect(typeof unused?.index?.oid).toBe("number");
    expect(unused?.sizeBytes).toBeGreaterThan(0);
    expect(report.page.items.some((f) => f.kind === "redundant" && f.index?.name === "t_a_idx")).toBe(true);
    expect(report.ignoresAvailable).toBe(true);
  });

  it("exports every finding as CSV and JSON attachments, formula cells neutralised", async () => {
    const csv = await findings("?format=csv");
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(csv.headers.get("content-disposition")).toMatch(
      /^attachment; filename="indexwatch-findings-shop-.*\.csv"$/,
    );
    const text = await csv.text();
    expect(text.split("\r\n")[0]).toMatch(/^kind,schema,table,index,/);
    expect(text).toContain(`,public,t,'=cmd|' /C calc'!A0,`);
    expect(text).not.toMatch(/,=cmd/);
    const json = await findings("?format=json");
    expect(json.headers.get("content-disposition")).toMatch(/\.json"$/);
    const body = (await json.json()) as { findings: Finding[] };
    expect(body.findings.length).toBeGreaterThan(2);
    expect((await findings("?format=xml")).status).toBe(400);
  });

  it("gives exact bloat from pgstattuple on demand, and says so when it is missing", async () => {
    const report = await findingsJson();
    const oid = unusedNamed(report, "t_a_idx")?.index?.oid ?? 0;
    const ask = (cookie = operatorCookie) =>
      getExactBloat(
        new Request(`${ORIGIN}/api/v1/targets/shop/findings/bloat/${oid}`, { headers: { cookie } }),
        params({ id: "shop", oid: String(oid) }),
      );
    // It reads the whole index: operators only.
    expect((await ask("")).status).toBe(401);
    expect((await ask()).status).toBe(409);
    await db.pool.query("CREATE EXTENSION pgstattuple");
    const exact = await ask();
    expect(exact.status).toBe(200);
    const figures = (await exact.json()) as { leafPages: number; freePercent: number };
    expect(figures.leafPages).toBeGreaterThanOrEqual(1);
    expect(figures.freePercent).toBeGreaterThanOrEqual(0);
  });
});

describe("findings computed once, served in pages", () => {
  it("pages, filters and sorts on the server, with counts and bytes per kind", async () => {
    const all = await findingsJson("?list=unused&limit=500");
    expect(all.page.total).toBe(all.summary.kinds.unused.count);
    expect(all.summary.kinds.unused.bytes).toBe(all.page.items.reduce((s, f) => s + (f.sizeBytes ?? 0), 0));
    expect(all.page.total).toBeGreaterThanOrEqual(3);

    const first = await findingsJson("?list=unused&sort=name&dir=asc&limit=1");
    const second = await findingsJson("?list=unused&sort=name&dir=asc&limit=1&offset=1");
    expect(first.page.items).toHaveLength(1);
    expect(first.page.total).toBe(all.page.total);
    const sortedNames = all.page.items.map((f) => f.index?.name ?? "").sort();
    expect([first.page.items[0]?.index?.name, second.page.items[0]?.index?.name]).toEqual(
      sortedNames.slice(0, 2),
    );

    const searched = await findingsJson("?list=unused&q=T_A_B");
    expect(searched.page.items.map((f) => f.index?.name)).toEqual(["t_a_b_idx"]);
    const redundant = await findingsJson("?kind=redundant");
    expect(redundant.page.items.every((f) => f.kind === "redundant")).toBe(true);
    expect(redundant.page.total).toBe(redundant.summary.kinds.redundant.count);
    const noTable = await findingsJson("?table=no_such_table");
    expect(noTable.page).toMatchObject({ total: 0, items: [] });

    expect((await findings("?limit=100000")).status).toBe(400);
    expect((await findings("?kind=everything")).status).toBe(400);
  });

  it("shares one computation between concurrent callers", async () => {
    forgetFindings("shop");
    const before = findingsComputations("shop");
    const responses = await Promise.all(Array.from({ length: 10 }, () => findings("?limit=5")));
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as FindingsPage[];
    expect(findingsComputations("shop")).toBe(before + 1);
    expect(new Set(bodies.map((b) => b.computedAt)).size).toBe(1);
    // Served from what was computed: a later call runs nothing.
    await findings("?limit=5&sort=size");
    expect(findingsComputations("shop")).toBe(before + 1);
  });

  it("recomputes on demand, same origin only, at most every ten seconds", async () => {
    expect((await recompute("", "https://evil.example")).status).toBe(403);
    forgetFindings("shop");
    const before = findingsComputations("shop");
    const fresh = await recompute("?list=unused&limit=2");
    expect(fresh.status).toBe(200);
    expect(((await fresh.json()) as FindingsPage).page.items).toHaveLength(2);
    expect(findingsComputations("shop")).toBe(before + 1);
    const again = await recompute();
    expect(again.status).toBe(429);
    expect(Number(again.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(findingsComputations("shop")).toBe(before + 1);
  });
});

describe("the ignore list", () => {
  it("refuses anonymous writes and bad bodies", async () => {
    expect((await ignoreRequest("POST", { key: "k", kind: "unused", reason: "x" }, "", "")).status).toBe(401);
    const bad = await ignoreRequest("POST", { key: "k", kind: "nope", reason: "" });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { error: { issues: { path: string[] }[] } };
    expect(body.error.issues.map((i) => i.path[0]).sort()).toEqual(["kind", "reason"]);
  });

  it("hides an accepted finding until its index changes, and shows it again on DELETE", async () => {
    const before = await findingsJson();
    const finding = unusedNamed(before, "t_a_idx");
    if (!finding) throw new Error("t_a_idx should be unused");
    const posted = await ignoreRequest("POST", {
      key: finding.key,
      kind: "unused",
      reason: "kept for the month-end report",
    });
    expect(posted.status).toBe(201);
    expect(await posted.json()).toMatchObject({
      key: finding.key,
      by: "operator",
      reason: "kept for the month-end report",
    });

    const hidden = await findingsJson();
    expect(unusedNamed(hidden, "t_a_idx")).toBeUndefined();
    expect(hidden.summary.ignored).toBe(1);
    const ignored = await findingsJson("?list=ignored");
    expect(ignored.page.ignored?.map((i) => i.finding.index?.name)).toEqual(["t_a_idx"]);
    expect(ignored.page.ignored?.[0]?.reason).toBe("kept for the month-end report");

    // Same name, another definition: a new finding, shown again, once the cache sees the catalog move.
    await db.pool.query("DROP INDEX t_a_idx; CREATE INDEX t_a_idx ON t (a DESC)");
    await vi.waitFor(
      async () => {
        const again = unusedNamed(await findingsJson(), "t_a_idx");
        expect(again?.key).toBeDefined();
        expect(again?.key).not.toBe(finding.key);
      },
      { timeout: 30_000, interval: 500 },
    );
    const changed = await findingsJson();
    expect(changed.summary.ignored).toBe(0);

    const removed = await ignoreRequest("DELETE", undefined, `?key=${encodeURIComponent(finding.key)}`);
    expect(removed.status).toBe(200);
    expect((await ignoreRequest("DELETE", undefined, `?key=${encodeURIComponent(finding.key)}`)).status).toBe(
      404,
    );
  });
});
