import http from "node:http";
import { expect, type Page, test } from "@playwright/test";
import { E2E_OPERATOR_PASSWORD, E2E_PORT } from "./support/e2e-env";

// The pages a person opens most, each with what only a hydrated page that fetched its data shows.
const PAGES: { path: string; ready: (page: Page) => Promise<void> }[] = [
  { path: "/targets/demo/indexes", ready: (page) => expect(page.getByRole("row").nth(5)).toBeVisible() },
  {
    path: "/targets/demo/weekly",
    ready: (page) => expect(page.getByTestId("wow-row").first()).toBeVisible(),
  },
  {
    path: "/targets/demo/unused",
    ready: (page) => expect(page.getByTestId("observation-window")).toContainText(/of observation/),
  },
  { path: "/fleet", ready: (page) => expect(page.getByTestId("fleet-row").first()).toBeVisible() },
  { path: "/login", ready: (page) => expect(page.getByTestId("login-form")).toBeVisible() },
];

test("every main page runs under a nonce CSP with no violation, and carries the security headers", async ({
  page,
}) => {
  test.setTimeout(180_000);
  const violations: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text())) {
      violations.push(message.text());
    }
  });
  for (const { path, ready } of PAGES) {
    const response = await page.goto(path);
    const headers = response?.headers() ?? {};
    const policy = headers["content-security-policy"] ?? "";
    const scriptSrc = policy.split(";").find((d) => d.trim().startsWith("script-src")) ?? "";
    expect(scriptSrc, path).toMatch(/'nonce-[A-Za-z0-9+/=]+'/);
    expect(scriptSrc, path).not.toContain("unsafe-inline");
    expect(scriptSrc, path).not.toContain("unsafe-eval");
    expect(policy, path).toContain("frame-ancestors 'none'");
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["referrer-policy"], path).toBe("same-origin");
    await ready(page);
  }
  expect(violations).toEqual([]);
});

test("API answers carry the headers too, and a foreign Host gets 421 (DNS rebinding)", async ({
  request,
}) => {
  const api = await request.get("/api/v1/targets");
  expect(api.status()).toBe(200);
  expect(api.headers()["x-content-type-options"]).toBe("nosniff");
  expect(api.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");

  // A page on rebind.example whose name now points at 127.0.0.1: the browser sends its own Host.
  const refused = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.get(
      {
        host: "127.0.0.1",
        port: E2E_PORT,
        path: "/api/v1/targets",
        headers: { host: `rebind.example:${E2E_PORT}` },
      },
      (res) => {
        let body = "";
        res.on("data", (chunk) => {
          body += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", reject);
  });
  expect(refused.status).toBe(421);
  const answer = JSON.parse(refused.body) as { targets?: unknown; error: { message: string } };
  expect(answer.error.message).toContain('does not answer to the host "rebind.example');
  expect(answer.targets).toBeUndefined();
});

test("after logging in, a crafted next= never takes the browser to another site", async ({ page }) => {
  for (const next of ["/%09/evil.example/x", "/%0a/evil.example", "//evil.example", "/\\evil.example"]) {
    await page.context().clearCookies();
    await page.goto(`/login?next=${encodeURIComponent(decodeURIComponent(next))}`);
    await page.getByTestId("login-username").fill("operator");
    await page.getByTestId("login-password").fill(E2E_OPERATOR_PASSWORD);
    await page.getByTestId("login-submit").click();
    // The dashboard, logged in, on this app.
    await expect(page.getByTestId("login-form")).toHaveCount(0);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    const session = (await (await page.request.get("/api/v1/session")).json()) as {
      user: { username: string };
    };
    expect(session.user.username).toBe("operator");
    expect(new URL(page.url()).host, next).toBe(`localhost:${E2E_PORT}`);
  }
});

test("the login limit counts the socket's address: forged forwarding headers do not buy more guesses", async ({
  request,
}) => {
  const attempt = (i: number) =>
    request.post("/api/v1/session", {
      headers: {
        origin: `http://localhost:${E2E_PORT}`,
        "x-forwarded-for": `203.0.113.${i}`,
        "x-indexwatch-peer-address": `198.51.100.${i}`,
      },
      data: { username: "e2e-nobody", password: `wrong-guess-${i}` },
    });
  for (let i = 0; i < 10; i++) expect((await attempt(i)).status()).toBe(401);
  const refused = await attempt(10);
  expect(refused.status()).toBe(429);
  expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(
    /too many failed logins/,
  );
});

test("an idle keep-alive connection is not closed under a client that comes back after Node's 5 s", async () => {
  test.setTimeout(60_000);
  // One socket, kept: a second request 6 s later must go over the same connection. With Node's
  // default (5 s) the server closed it, and a client sending in that instant got ECONNRESET.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const sockets = new Set<unknown>();
  const get = () =>
    new Promise<number>((resolve, reject) => {
      const request = http.get(
        { host: "127.0.0.1", port: E2E_PORT, path: "/api/v1/targets", agent },
        (response) => {
          response.resume();
          response.on("end", () => resolve(response.statusCode ?? 0));
        },
      );
      request.on("socket", (socket) => sockets.add(socket));
      request.on("error", reject);
    });
  try {
    expect(await get()).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    expect(await get()).toBe(200);
    expect(sockets.size).toBe(1);
  } finally {
    agent.destroy();
  }
});
