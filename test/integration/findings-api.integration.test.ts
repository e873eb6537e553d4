import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as getExactBloat } from "@/app/api/v1/targets/[id]/findings/bloat/[oid]/route";
import { GET as getFindingsRoute } from "@/app/api/v1/targets/[id]/findings/route";
import { DELETE as deleteIgnore, POST as postIgnore } from "@/app/api/v1/targets/[id]/ignores/route";
import type { Finding } from "@/lib/analysis/types";
import type { FindingsResponse } from "@/lib/findings/get-findings";
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

async function findingsJson(): Promise<FindingsResponse> {
  const response = await findings();
  expect(response.status).toBe(200);
  return (await response.json()) as FindingsResponse;
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

const unusedNamed = (report: FindingsResponse, name: string): Finding | undefined =>
  report.findings.find((f) => f.kind === "unused" && f.index?.name === name);

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
    const report = (await response.json()) as FindingsResponse;
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
    expect(report.findings.some((f) => f.kind === "redundant" && f.index?.name === "t_a_idx")).toBe(true);
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
    expect(hidden.ignored.map((i) => i.finding.index?.name)).toContain("t_a_idx");

    // Same name, another definition: a new finding, shown again.
    await db.pool.query("DROP INDEX t_a_idx; CREATE INDEX t_a_idx ON t (a DESC)");
    const changed = await findingsJson();
    expect(unusedNamed(changed, "t_a_idx")?.key).not.toBe(finding.key);
    expect(changed.ignored).toEqual([]);

    const removed = await ignoreRequest("DELETE", undefined, `?key=${encodeURIComponent(finding.key)}`);
    expect(removed.status).toBe(200);
    expect((await ignoreRequest("DELETE", undefined, `?key=${encodeURIComponent(finding.key)}`)).status).toBe(
      404,
    );
  });
});
