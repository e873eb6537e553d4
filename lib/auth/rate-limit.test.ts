import { describe, expect, it } from "vitest";
import {
  PER_ADDRESS_LIMIT,
  PER_PAIR_LIMIT,
  reserveLoginAttempt,
  TooManyAttemptsError,
  WINDOW_MS,
} from "./rate-limit";

// Every test uses its own addresses: the buckets live for the process.
let counter = 0;
const freshAddress = () => `192.0.2.${++counter}-${Math.random()}`;

describe("login attempt reservations", () => {
  it("refuses the attempt after the limit for one address and user, before any work", () => {
    const address = freshAddress();
    const now = 1_000_000;
    for (let i = 0; i < PER_PAIR_LIMIT; i++) reserveLoginAttempt(address, "operator", now);
    expect(() => reserveLoginAttempt(address, "operator", now)).toThrow(TooManyAttemptsError);
    expect(() => reserveLoginAttempt(address, "OPERATOR", now)).toThrow(/try again in 300 s/);
    // The window ends: allowed again.
    expect(() => reserveLoginAttempt(address, "operator", now + WINDOW_MS)).not.toThrow();
  });

  it("never locks the user out of an address that has not failed", () => {
    const now = 2_000_000;
    for (let a = 0; a < 30; a++) {
      const attacker = freshAddress();
      for (let i = 0; i < PER_PAIR_LIMIT; i++) reserveLoginAttempt(attacker, "operator", now);
    }
    expect(() => reserveLoginAttempt(freshAddress(), "operator", now)).not.toThrow();
  });

  it("caps one address's failures across user names", () => {
    const address = freshAddress();
    const now = 3_000_000;
    for (let i = 0; i < PER_ADDRESS_LIMIT; i++) reserveLoginAttempt(address, `user${i}`, now);
    expect(() => reserveLoginAttempt(address, "someone-new", now)).toThrow(TooManyAttemptsError);
  });

  it("gives the slot back on success and forgets the pair's failures", () => {
    const address = freshAddress();
    const now = 4_000_000;
    for (let i = 0; i < PER_PAIR_LIMIT - 1; i++) reserveLoginAttempt(address, "viewer", now);
    reserveLoginAttempt(address, "viewer", now).succeeded();
    for (let i = 0; i < PER_PAIR_LIMIT; i++) reserveLoginAttempt(address, "viewer", now);
    expect(() => reserveLoginAttempt(address, "viewer", now)).toThrow(TooManyAttemptsError);
  });
});
