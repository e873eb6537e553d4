import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as login } from "@/app/api/v1/session/route";
import { ORIGIN } from "@/test/support/routes";
import { MAX_BODY_BYTES, readJsonBody } from "./body";

const CHUNK = new Uint8Array(64 * 1024).fill(0x20); // spaces: JSON whitespace, never a valid login

/** A body of `total` bytes made on demand, counting what the reader actually pulled. */
function endlessBody(total: number) {
  const pulled = { bytes: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled.bytes >= total) return controller.close();
      pulled.bytes += CHUNK.byteLength;
      controller.enqueue(CHUNK);
    },
    cancel() {
      pulled.cancelled = true;
    },
  });
  return { stream, pulled };
}

function loginPost(body: BodyInit, headers: Record<string, string> = {}) {
  return new Request(`${ORIGIN}/api/v1/session`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: ORIGIN, ...headers },
    body,
    duplex: "half",
  } as RequestInit);
}

beforeAll(() => {
  vi.stubEnv("OPERATOR_PASSWORD", "operator-secret-9");
  vi.stubEnv("SESSION_SECRET", "a-body-cap-test-secret-long-enough-0123456789");
});
afterAll(() => vi.unstubAllEnvs());

describe("request bodies are capped before parsing", () => {
  it("refuses a 200 MB login streamed without Content-Length after reading about 64 KiB, with flat memory", async () => {
    const { stream, pulled } = endlessBody(200 * 1024 * 1024);
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const response = await login(loginPost(stream));
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("payload_too_large");
    // The reader stops at the first chunk past the cap (the stream may have one chunk queued ahead).
    expect(pulled.bytes).toBeLessThanOrEqual(MAX_BODY_BYTES + 2 * CHUNK.byteLength);
    expect(pulled.cancelled).toBe(true);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(32 * 1024 * 1024);
  });

  it("refuses a declared Content-Length beyond the cap without reading a byte", async () => {
    const { stream, pulled } = endlessBody(200 * 1024 * 1024);
    const response = await login(loginPost(stream, { "content-length": String(200 * 1024 * 1024) }));
    expect(response.status).toBe(413);
    expect(pulled.bytes).toBeLessThanOrEqual(CHUNK.byteLength); // at most what the stream queued on its own
  });

  it("reads a body up to the cap, and says 400 for one that is not JSON or is empty", async () => {
    const atCap = `{"username":"operator","password":"${"x".repeat(MAX_BODY_BYTES - 40)}"}`;
    expect(atCap.length).toBeLessThanOrEqual(MAX_BODY_BYTES);
    expect(await readJsonBody(new Request(ORIGIN, { method: "POST", body: atCap }))).toMatchObject({
      username: "operator",
    });
    await expect(
      readJsonBody(new Request(ORIGIN, { method: "POST", body: `${atCap}${" ".repeat(41)}` })),
    ).rejects.toMatchObject({ status: 413 });

    const notJson = await login(loginPost("{username: operator"));
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { error: { message: string } }).error.message).toMatch(/not JSON/);
    const empty = await login(loginPost(""));
    expect(empty.status).toBe(400);
    const badLength = await readJsonBody(
      new Request(ORIGIN, { method: "POST", body: "{}", headers: { "content-length": "2" } }),
    );
    expect(badLength).toEqual({});
  });
});
