import { DomainError } from "@/lib/errors";

export class TooManyAttemptsError extends DomainError {
  override readonly status = 429;
  override readonly code = "too_many_attempts";
}

const WINDOW_MS = 5 * 60_000;
const MAX_FAILURES = 10;

interface Bucket {
  failures: number;
  windowStart: number;
}

const state = globalThis as unknown as { __indexwatchLoginFailures?: Map<string, Bucket> };
state.__indexwatchLoginFailures ??= new Map();
const buckets = state.__indexwatchLoginFailures;

/** Failed logins are counted per client address and per user name: guessing either is slowed. */
function keysOf(clientAddress: string, username: string): string[] {
  return [`ip:${clientAddress}`, `user:${username.toLowerCase()}`];
}

function live(key: string, now: number): Bucket | undefined {
  const bucket = buckets.get(key);
  if (bucket && now - bucket.windowStart > WINDOW_MS) {
    buckets.delete(key);
    return undefined;
  }
  return bucket;
}

export function assertLoginAllowed(clientAddress: string, username: string, now = Date.now()) {
  for (const key of keysOf(clientAddress, username)) {
    const bucket = live(key, now);
    if (bucket && bucket.failures >= MAX_FAILURES) {
      const wait = Math.ceil((bucket.windowStart + WINDOW_MS - now) / 1000);
      throw new TooManyAttemptsError(`too many failed logins; try again in ${wait} s`);
    }
  }
}

export function recordLoginFailure(clientAddress: string, username: string, now = Date.now()) {
  for (const key of keysOf(clientAddress, username)) {
    const bucket = live(key, now);
    if (bucket) bucket.failures++;
    else buckets.set(key, { failures: 1, windowStart: now });
  }
  // Bounded memory under a spray of names.
  if (buckets.size > 10_000) {
    for (const [key, bucket] of buckets) if (now - bucket.windowStart > WINDOW_MS) buckets.delete(key);
  }
}

export function recordLoginSuccess(clientAddress: string, username: string) {
  buckets.delete(`user:${username.toLowerCase()}`);
  void clientAddress;
}

export function clientAddressOf(request: Request): string {
  return (
    request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() ||
    request.headers.get("x-real-ip") ||
    "local"
  );
}
