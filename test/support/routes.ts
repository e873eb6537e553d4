import { expect } from "vitest";
import { POST as login } from "@/app/api/v1/session/route";

/** The app's own origin in route tests: same-origin writes send it as their Origin. */
export const ORIGIN = "http://localhost";

/** A request to a route handler, as Next.js builds it. */
export const request = (path: string, init?: RequestInit) => new Request(`${ORIGIN}${path}`, init);

/** Route parameters as Next.js 16 passes them: a Promise. */
export const params = <P>(value: P) => ({ params: Promise.resolve(value) });

/** Logs in through the real session route and answers the session cookie to send back. */
export async function sessionCookie(username: string, password: string): Promise<string> {
  const response = await login(
    request("/api/v1/session", {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN },
      body: JSON.stringify({ username, password }),
    }),
  );
  expect(response.status).toBe(200);
  return (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
}
