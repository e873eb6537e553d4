import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigFileError, loadTargetsFile, resolveTargetsFile } from "./config-file";

const shop = { id: "shop", name: "Shop", url: "postgres://monitor@shop/app" };

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigFileError);
    return (error as Error).message;
  }
  throw new Error("expected a ConfigFileError");
}

describe("indexwatch.config.json", () => {
  it("resolves inline URLs, {env} references, urlEnv and standbys", () => {
    const targets = resolveTargetsFile(
      {
        targets: [
          { ...shop, standbys: [{ id: "replica-1", url: { env: "SHOP_REPLICA_URL" } }] },
          { id: "billing", urlEnv: "BILLING_URL", actionUrl: { env: "BILLING_ACTION_URL" } },
        ],
      },
      {
        SHOP_REPLICA_URL: "postgres://r1/app",
        BILLING_URL: "postgres://b/app",
        BILLING_ACTION_URL: "postgres://ba/app",
      },
    );
    expect(targets).toEqual([
      {
        id: "shop",
        name: "Shop",
        url: "postgres://monitor@shop/app",
        standbys: [{ id: "replica-1", name: "replica-1", url: "postgres://r1/app" }],
        discoverDatabases: false,
      },
      {
        id: "billing",
        name: "billing",
        url: "postgres://b/app",
        actionUrl: "postgres://ba/app",
        standbys: [],
        discoverDatabases: false,
      },
    ]);
  });

  it("resolves the EXPLAIN connection (explainUrl or explainUrlEnv), and refuses both", () => {
    const [viaEnv, inline] = resolveTargetsFile(
      {
        targets: [
          { ...shop, explainUrlEnv: "SHOP_EXPLAIN_URL" },
          { id: "billing", url: "postgres://b/app", explainUrl: "postgres://explain@b/app" },
        ],
      },
      { SHOP_EXPLAIN_URL: "postgres://explain@shop/app" },
    );
    expect(viaEnv?.explainUrl).toBe("postgres://explain@shop/app");
    expect(inline?.explainUrl).toBe("postgres://explain@b/app");
    expect(
      errorOf(() =>
        resolveTargetsFile(
          { targets: [{ ...shop, explainUrl: "postgres://e/app", explainUrlEnv: "E" }] },
          { E: "x" },
        ),
      ),
    ).toContain("targets[0].explainUrl: give explainUrl or explainUrlEnv, not both");
    expect(
      errorOf(() => resolveTargetsFile({ targets: [{ ...shop, explainUrlEnv: "NOPE" }] }, {})),
    ).toContain("targets[0].explainUrl: environment variable NOPE is not set");
  });

  it("names the field at fault", () => {
    expect(errorOf(() => resolveTargetsFile({ targets: [shop, { id: "Bad Id", url: "x" }] }, {}))).toContain(
      "targets[1].id",
    );
    expect(errorOf(() => resolveTargetsFile({ targets: [shop, { id: "b" }] }, {}))).toContain(
      "targets[1].url: a connection string is required",
    );
    expect(
      errorOf(() => resolveTargetsFile({ targets: [{ ...shop, standbys: [{ id: "r1" }] }] }, {})),
    ).toContain("targets[0].standbys[0].url");
    expect(errorOf(() => resolveTargetsFile({ targets: [{ ...shop, colour: "red" }] }, {}))).toMatch(
      /targets\[0\].*colour/,
    );
    expect(errorOf(() => resolveTargetsFile({ targets: [] }, {}))).toContain(
      "targets: list at least one target",
    );
  });

  it("says which environment variable is missing, and where it is named", () => {
    const message = errorOf(() =>
      resolveTargetsFile({ targets: [{ id: "shop", url: { env: "SHOP_URL" } }] }, {}),
    );
    expect(message).toContain("targets[0].url: environment variable SHOP_URL is not set");
  });

  it("refuses two targets with one id, and a standby whose stored id is another target's", () => {
    expect(errorOf(() => resolveTargetsFile({ targets: [shop, shop] }, {}))).toContain(
      'targets[1].id: id "shop" is already used by targets.0.id',
    );
    const clash = {
      targets: [
        { ...shop, standbys: [{ id: "r1", url: "postgres://r1/app" }] },
        { id: "shop--r1", url: "postgres://x/app" },
      ],
    };
    expect(errorOf(() => resolveTargetsFile(clash, {}))).toContain("targets[1].id");
  });

  it("reads INDEXWATCH_CONFIG, fails on a missing or broken file, and rereads an edited one", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "indexwatch-config-"));
    const file = path.join(dir, "fleet.json");
    expect(errorOf(() => loadTargetsFile({ INDEXWATCH_CONFIG: file }))).toContain(
      "INDEXWATCH_CONFIG: no file",
    );
    writeFileSync(file, "{ not json");
    expect(errorOf(() => loadTargetsFile({ INDEXWATCH_CONFIG: file }))).toContain(
      "fleet.json: not valid JSON",
    );
    writeFileSync(file, JSON.stringify({ targets: [{ id: "a", urlEnv: "A_URL" }] }));
    expect(loadTargetsFile({ INDEXWATCH_CONFIG: file, A_URL: "postgres://a/x" })?.map((t) => t.url)).toEqual([
      "postgres://a/x",
    ]);
    writeFileSync(file, JSON.stringify({ targets: [{ id: "b", url: "postgres://b/x" }] }));
    expect(loadTargetsFile({ INDEXWATCH_CONFIG: file })?.map((t) => t.id)).toEqual(["b"]);
  });

  it("is optional: without INDEXWATCH_CONFIG and without ./indexwatch.config.json there is no file", () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), "indexwatch-nocfg-"));
    const cwd = process.cwd();
    process.chdir(empty);
    try {
      expect(loadTargetsFile({})).toBeNull();
    } finally {
      process.chdir(cwd);
    }
  });
});
