import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { setDiscoveredTargets } from "@/lib/targets/discovered";
import { databaseSlug, discoverDatabases } from "@/lib/targets/discovery";
import { listTargetConfigs } from "@/lib/targets/registry";
import { createTestDatabase, type TestDatabase } from "@/test/support/test-database";

// "discoverDatabases": true on a target adds every other database of its server.
let main: TestDatabase;
let other: TestDatabase;

beforeAll(async () => {
  [main, other] = await Promise.all([createTestDatabase("disc_main"), createTestDatabase("disc_Other")]);
  const dir = mkdtempSync(path.join(os.tmpdir(), "indexwatch-discovery-"));
  const file = path.join(dir, "indexwatch.config.json");
  writeFileSync(
    file,
    JSON.stringify({ targets: [{ id: "srv", name: "Server", url: main.url, discoverDatabases: true }] }),
  );
  vi.stubEnv("INDEXWATCH_CONFIG", file);
});

afterAll(async () => {
  setDiscoveredTargets([]);
  vi.unstubAllEnvs();
  await Promise.all([main?.drop(), other?.drop()]);
});

describe("database discovery", () => {
  it("adds the server's other databases as targets of their own, with the same credentials", async () => {
    expect(listTargetConfigs().map((t) => t.id)).toEqual(["srv"]);
    const found = await discoverDatabases(() => undefined);
    const id = `srv-${databaseSlug(other.name)}`;
    expect(id).toMatch(/^srv-disc-other-[0-9a-f]{8}$/);
    const added = found.find((t) => t.id === id);
    expect(added?.name).toBe(`Server / ${other.name}`);
    expect(new URL(added?.url ?? "").pathname).toBe(`/${other.name}`);
    // Templates and the target's own database are left out.
    expect(found.map((t) => t.name)).not.toContain("Server / template1");
    expect(found.some((t) => t.url === main.url)).toBe(false);
    const ids = listTargetConfigs().map((t) => t.id);
    expect(ids[0]).toBe("srv");
    expect(ids).toContain(id);
  });
});
