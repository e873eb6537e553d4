import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { E2E_DATA_DIR, E2E_PG_PORT } from "./support/e2e-env";

// A second app process on the e2e demo's database and store (already built by the main one),
// started with READ_ANONYMOUS=false: a logged-out browser sees the login form, never data, and
// the reads behind the pages answer 401 until a viewer logs in.

const require = createRequire(import.meta.url);
let app: ChildProcess | undefined;
let origin = "";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const password = readFileSync(path.join(E2E_DATA_DIR, "postgres", "superuser-password"), "utf8").trim();
  const url = (db: string) =>
    `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${E2E_PG_PORT}/${db}`;
  const port = await freePort();
  origin = `http://localhost:${port}`;
  app = spawn(process.execPath, [require.resolve("next/dist/bin/next"), "start", "-p", String(port)], {
    env: {
      ...process.env,
      DATABASE_URL: url("indexwatch_demo"),
      STORE_URL: url("indexwatch"),
      TARGET_ID: "demo",
      READ_ANONYMOUS: "false",
      VIEWER_PASSWORD: "closed-viewer-password",
      SESSION_SECRET: "closed-app-session-secret-long-enough-0123456789",
      METRICS_TOKEN: "",
    },
    stdio: "ignore",
  });
  const deadline = Date.now() + 90_000;
  for (;;) {
    const answer = await fetch(`${origin}/api/v1/session`).catch(() => null);
    if (answer?.ok) break;
    if (Date.now() > deadline) throw new Error("the READ_ANONYMOUS=false app did not start");
    await new Promise((r) => setTimeout(r, 250));
  }
});

test.afterAll(() => {
  app?.kill("SIGTERM");
});

test("with READ_ANONYMOUS=false a logged-out browser gets the login form, and the data after logging in", async ({
  page,
}) => {
  for (const read of ["/api/v1/targets/demo/usage/weekly", "/api/v1/targets/demo/indexes", "/metrics"]) {
    expect((await page.request.get(`${origin}${read}`)).status(), read).toBe(401);
  }

  await page.goto(`${origin}/targets/demo/weekly`);
  await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible();
  await expect(page.getByTestId("login-form")).toBeVisible();
  await expect(page.getByTestId("wow-row")).toHaveCount(0);

  await page.getByTestId("login-username").fill("viewer");
  await page.getByTestId("login-password").fill("closed-viewer-password");
  await page.getByTestId("login-submit").click();
  await expect(page.getByTestId("week-over-week-table").getByTestId("wow-row").first()).toBeVisible();
  await expect(page.getByTestId("login-form")).toHaveCount(0);
});
