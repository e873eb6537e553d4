/**
 * Browser-side access to the indexwatch HTTP API. Every non-2xx answer becomes an ApiError
 * carrying the API's own `{ error: { code, message } }` so the UI can tell a gone target
 * (503) from a missing index (404) from a bug (500).
 */

/** Status 0: the browser could not reach the indexwatch server itself. */
export const NETWORK_ERROR_STATUS = 0;

/** The 503 codes (lib/errors.ts, lib/http/respond.ts) that mean the target itself is gone. */
const TARGET_DOWN_CODES: ReadonlySet<string> = new Set(["target_unreachable", "database_unavailable"]);

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }

  /**
   * The target database (or the indexwatch server itself) cannot be reached: the shell marks
   * the target unreachable and keeps the last good data. A 503 for a history store that is
   * down, or a busy target, is not that: the target answers, and the page says what failed.
   */
  get isUnreachable(): boolean {
    return this.status === NETWORK_ERROR_STATUS || (this.status === 503 && TARGET_DOWN_CODES.has(this.code));
  }

  get isNotFound(): boolean {
    return this.status === 404;
  }
}

interface ErrorBody {
  error?: { code?: unknown; message?: unknown; issues?: unknown };
}

export function errorFromBody(status: number, statusText: string, body: unknown): ApiError {
  const error = (body as ErrorBody | null)?.error;
  const code = typeof error?.code === "string" ? error.code : `http_${status}`;
  const message =
    typeof error?.message === "string" && error.message.length > 0
      ? error.message
      : `the server answered ${status}${statusText ? ` ${statusText}` : ""}`;
  return new ApiError(status, code, message, error?.issues);
}

export async function fetchJson<T>(path: string, init?: { signal?: AbortSignal }): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      signal: init?.signal,
      headers: { Accept: "application/json" },
      cache: "no-store",
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError(NETWORK_ERROR_STATUS, "network_error", "the indexwatch server cannot be reached");
  }

  let body: unknown = null;
  const text = await response.text();
  if (text.length > 0) {
    try {
      body = JSON.parse(text);
    } catch {
      if (response.ok) throw new ApiError(response.status, "bad_json", `invalid JSON from ${path}`);
    }
  }
  if (!response.ok) throw errorFromBody(response.status, response.statusText, body);
  return body as T;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Retries only what a retry can fix; a 503 waits for the next poll, which is the retry. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError) {
    if (error.status >= 400 && error.status < 500) return false;
    if (error.status === 503) return false;
  }
  return failureCount < 2;
}
