/**
 * Browser-side writes (login, actions, cancel). Same error shape as fetchJson; the browser
 * adds the Origin header and the session cookie itself (same-origin fetch).
 */
import { ApiError, NETWORK_ERROR_STATUS } from "./api";

export async function sendJson<T>(method: "POST" | "DELETE", path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: {
        Accept: "application/json",
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
      cache: "no-store",
    });
  } catch {
    throw new ApiError(NETWORK_ERROR_STATUS, "network_error", "the indexwatch server cannot be reached");
  }
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!response.ok) {
    const error = (parsed as { error?: { code?: string; message?: string; issues?: unknown } } | null)?.error;
    throw new ApiError(
      response.status,
      error?.code ?? `http_${response.status}`,
      error?.message ?? `the server answered ${response.status}`,
      error?.issues ?? parsed,
    );
  }
  return parsed as T;
}
