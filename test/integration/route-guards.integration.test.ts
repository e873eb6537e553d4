import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type ApiWorld, startApiWorld } from "@/test/support/api-world";
import {
  callRoute,
  discoverPageFiles,
  discoverRouteFiles,
  type Guard,
  loadHandlers,
  MATRIX_OPERATOR_PASSWORD,
  MATRIX_VIEWER_PASSWORD,
  type Method,
  routeManifest,
} from "@/test/support/route-manifest";
import { ORIGIN, sessionCookie } from "@/test/support/routes";

// One guard, proven on every route: each route file found on disk is called as anonymous,
// viewer and operator, with READ_ANONYMOUS and READ_ONLY on and off, from the app's own origin
// and from a foreign one. A route or a method without an entry in the manifest fails the test.

type Role = "anonymous" | "viewer" | "operator";
interface Situation {
  role: Role;
  readAnonymous: boolean;
  readOnly: boolean;
  sameOrigin: boolean;
}

/** What the guard must answer; "allowed" is anything but 401/403 (and never a 5xx). */
function expectedAnswer(guard: Guard, s: Situation): "allowed" | 401 | 403 {
  switch (guard) {
    case "open":
      return "allowed";
    case "same_origin":
      return s.sameOrigin ? "allowed" : 403;
    case "reader_same_origin":
      if (!s.sameOrigin) return 403;
      return s.role === "anonymous" && !s.readAnonymous ? 401 : "allowed";
    case "reader":
    case "metrics":
      return s.role === "anonymous" && !s.readAnonymous ? 401 : "allowed";
    case "operator":
      if (s.role === "anonymous") return 401;
      if (s.role === "viewer" || !s.sameOrigin || s.readOnly) return 403;
      return "allowed";
    case "operator_read":
      if (s.role === "anonymous") return 401;
      return s.role === "viewer" ? 403 : "allowed";
  }
}

/**
 * Pages fetch their data in the browser from the API (React Query), so a page is as closed as
 * the routes it reads: each page names them here, and they must all be reader-guarded. The
 * layout's fleet bar reads app/api/v1/targets/route.ts on every page.
 */
const PAGE_READS: Record<string, "public" | string[]> = {
  "app/login/page.tsx": "public",
  // Redirects to the first target (server side, from the configuration): shows no data.
  "app/page.tsx": [],
  "app/fleet/page.tsx": ["app/api/v1/fleet/route.ts"],
  "app/fleet/[id]/page.tsx": ["app/api/v1/fleet/[id]/usage/route.ts"],
  "app/fleet/digest/page.tsx": ["app/api/v1/digest/route.ts"],
  "app/targets/[id]/page.tsx": ["app/api/v1/targets/[id]/indexes/route.ts", "app/api/v1/targets/route.ts"],
  "app/targets/[id]/actions/page.tsx": [
    "app/api/v1/targets/[id]/actions/preview/route.ts",
    "app/api/v1/actions/route.ts",
    "app/api/v1/actions/[id]/route.ts",
    "app/api/v1/targets/[id]/actions/leftovers/route.ts",
  ],
  "app/targets/[id]/digest/page.tsx": ["app/api/v1/digest/route.ts"],
  "app/targets/[id]/findings/page.tsx": [
    "app/api/v1/targets/[id]/findings/route.ts",
    "app/api/v1/targets/[id]/ignores/route.ts",
    "app/api/v1/targets/[id]/findings/bloat/[oid]/route.ts",
  ],
  "app/targets/[id]/indexes/page.tsx": ["app/api/v1/targets/[id]/indexes/route.ts"],
  "app/targets/[id]/indexes/[oid]/page.tsx": [
    "app/api/v1/targets/[id]/actions/preview/route.ts",
    "app/api/v1/targets/[id]/indexes/[oid]/route.ts",
    "app/api/v1/targets/[id]/indexes/[oid]/usage/route.ts",
  ],
  "app/targets/[id]/unused/page.tsx": [
    "app/api/v1/targets/[id]/findings/route.ts",
    "app/api/v1/targets/[id]/indexes/route.ts",
  ],
  "app/targets/[id]/queries/page.tsx": [
    "app/api/v1/targets/[id]/statements/route.ts",
    "app/api/v1/targets/[id]/statements/[queryid]/history/route.ts",
  ],
  "app/targets/[id]/weekly/page.tsx": [
    "app/api/v1/targets/[id]/usage/weekly/route.ts",
    "app/api/v1/targets/[id]/usage/tables/route.ts",
  ],
};

let world: ApiWorld;
const cookies: Record<Role, string> = { anonymous: "", viewer: "", operator: "" };

beforeAll(async () => {
  world = await startApiWorld("guards");
  cookies.viewer = await sessionCookie("viewer", MATRIX_VIEWER_PASSWORD);
  cookies.operator = await sessionCookie("operator", MATRIX_OPERATOR_PASSWORD);
});

afterAll(async () => {
  await world.close();
});

describe("the route manifest", () => {
  it("has an entry for every route file on disk and every method each one exports", async () => {
    const manifest = routeManifest(world);
    const files = discoverRouteFiles();
    expect(files.length).toBeGreaterThan(10);
    expect(Object.keys(manifest).sort()).toEqual(files);
    for (const file of files) {
      const exported = Object.keys(await loadHandlers(file)).sort();
      expect(exported, file).toEqual(Object.keys(manifest[file]?.methods ?? {}).sort());
    }
  });

  it("knows every page, and every route a page reads is guarded as a read", () => {
    const manifest = routeManifest(world);
    expect(Object.keys(PAGE_READS).sort()).toEqual(discoverPageFiles());
    for (const [page, reads] of Object.entries(PAGE_READS)) {
      if (reads === "public") continue;
      for (const route of reads) {
        expect(["reader", "operator_read"], `${page} reads ${route}`).toContain(
          manifest[route]?.methods.GET?.guard,
        );
      }
    }
  });
});

describe("every route under every role and setting", () => {
  const situations: Situation[] = [];
  for (const role of ["anonymous", "viewer", "operator"] as const)
    for (const readAnonymous of [true, false])
      for (const readOnly of [true, false])
        for (const sameOrigin of [true, false])
          situations.push({ role, readAnonymous, readOnly, sameOrigin });

  it("answers exactly as the guard says", async () => {
    const manifest = routeManifest(world);
    const failures: string[] = [];
    let calls = 0;
    try {
      for (const [file, route] of Object.entries(manifest)) {
        const handlers = await loadHandlers(file);
        const params = Object.fromEntries(Object.entries(route.params).map(([k, v]) => [k, v.sample]));
        for (const [method, spec] of Object.entries(route.methods) as [
          Method,
          NonNullable<typeof route.methods.GET>,
        ][]) {
          const handler = handlers[method];
          if (!handler) throw new Error(`${file} exports no ${method}`);
          for (const s of situations) {
            vi.stubEnv("READ_ANONYMOUS", String(s.readAnonymous));
            vi.stubEnv("READ_ONLY", String(s.readOnly));
            const response = await callRoute(file, method, handler, {
              params,
              ...(spec.sample.query ? { query: spec.sample.query } : {}),
              ...(spec.sample.body !== undefined ? { body: { json: spec.sample.body } } : {}),
              headers: {
                origin: s.sameOrigin ? ORIGIN : "https://evil.example",
                ...(cookies[s.role] ? { cookie: cookies[s.role] } : {}),
              },
            });
            calls += 1;
            // A logout really ends the session (in the store, for every process): log in again.
            if (method === "DELETE" && file === "app/api/v1/session/route.ts" && s.role !== "anonymous")
              cookies[s.role] = await sessionCookie(
                s.role,
                s.role === "viewer" ? MATRIX_VIEWER_PASSWORD : MATRIX_OPERATOR_PASSWORD,
              );
            const expected = expectedAnswer(spec.guard, s);
            const ok =
              expected === "allowed"
                ? response.status < 500 && response.status !== 401 && response.status !== 403
                : response.status === expected;
            if (!ok)
              failures.push(
                `${method} ${file} ${JSON.stringify(s)}: ${response.status}, expected ${expected}`,
              );
            await response.body?.cancel();
          }
        }
      }
    } finally {
      vi.stubEnv("READ_ANONYMOUS", "true");
      vi.stubEnv("READ_ONLY", "false");
    }
    expect(calls).toBeGreaterThan(400);
    expect(failures).toEqual([]);
  });
});
