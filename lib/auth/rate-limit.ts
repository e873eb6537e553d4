import { DomainError } from "@/lib/errors";

export class TooManyAttemptsError extends DomainError {
  override readonly status = 429;
  override readonly code = "too_many_attempts";
}

/**
 * The login policy (README, "Security"):
 * - at most PER_PAIR_LIMIT failed attempts per (client address, user name) in a window;
 * - at most PER_ADDRESS_LIMIT failed attempts per client address, whatever the names;
 * - nothing is counted per user name alone, so failures from other addresses never lock
 *   the real user out of theirs.
 * An attempt takes its slot before the password is checked (scrypt is slow and
 * asynchronous), so of any number of concurrent attempts at most the limit are evaluated.
 * A success gives its slot back and clears the pair's failures.
 */
export const WINDOW_MS = 5 * 60_000;
export const PER_PAIR_LIMIT = 10;
export const PER_ADDRESS_LIMIT = 50;

interface Bucket {
  used: number;
  windowStart: number;
}

const state = globalThis as unknown as { __indexwatchLoginAttempts?: Map<string, Bucket> };
state.__indexwatchLoginAttempts ??= new Map();
const buckets = state.__indexwatchLoginAttempts;

const pairKey = (address: string, username: string) => `pair:${address}\u0000${username.toLowerCase()}`;
const addressKey = (address: string) => `address:${address}`;

function live(key: string, now: number): Bucket | undefined {
  const bucket = buckets.get(key);
  if (bucket && now - bucket.windowStart >= WINDOW_MS) {
    buckets.delete(key);
    return undefined;
  }
  return bucket;
}

function take(key: string, now: number) {
  const bucket = live(key, now);
  if (bucket) bucket.used++;
  else buckets.set(key, { used: 1, windowStart: now });
}

function giveBack(key: string) {
  const bucket = buckets.get(key);
  if (bucket && --bucket.used <= 0) buckets.delete(key);
}

function refuseIfFull(key: string, limit: number, now: number) {
  const bucket = live(key, now);
  if (bucket && bucket.used >= limit) {
    const wait = Math.ceil((bucket.windowStart + WINDOW_MS - now) / 1000);
    throw new TooManyAttemptsError(`too many failed logins from this address; try again in ${wait} s`);
  }
}

function forgetExpired(now: number) {
  // Bounded memory under a spray of addresses and names.
  if (buckets.size <= 10_000) return;
  for (const [key, bucket] of buckets) if (now - bucket.windowStart >= WINDOW_MS) buckets.delete(key);
}

export interface LoginAttempt {
  /** The password was right: the slot is given back and the pair's failures are forgotten. */
  succeeded(): void;
}

/** Takes a slot for one attempt, or throws TooManyAttemptsError (429) without any work done. */
export function reserveLoginAttempt(address: string, username: string, now = Date.now()): LoginAttempt {
  const pair = pairKey(address, username);
  const byAddress = addressKey(address);
  refuseIfFull(pair, PER_PAIR_LIMIT, now);
  refuseIfFull(byAddress, PER_ADDRESS_LIMIT, now);
  take(pair, now);
  take(byAddress, now);
  forgetExpired(now);
  return {
    succeeded() {
      buckets.delete(pair);
      giveBack(byAddress);
    },
  };
}
