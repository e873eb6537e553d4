import { createHash } from "node:crypto";
import { DEMO_ROW_COUNTS } from "./demo-data-sql";

/** Highest ids in the demo tables, so random parameters hit real rows. */
export interface DemoIdRanges {
  users: number;
  orders: number;
  invitations: number;
  guests: number;
}

/** What the freshly loaded demo holds; the workload refreshes these from the database. */
export const INITIAL_ID_RANGES: DemoIdRanges = {
  users: DEMO_ROW_COUNTS.accounts_user,
  orders: DEMO_ROW_COUNTS.invitations_order,
  invitations: DEMO_ROW_COUNTS.invitations_invitation,
  guests: DEMO_ROW_COUNTS.invitations_guest,
};

export function randomInt(min: number, max: number): number {
  return min + Math.floor(Math.random() * (max - min + 1));
}

export function chance(probability: number): boolean {
  return Math.random() < probability;
}

export function pick<T>(items: readonly [T, ...T[]]): T {
  return items[Math.floor(Math.random() * items.length)] ?? items[0];
}

/** Like the loaded data: 60 % of guest and view traffic goes to the big events (every 10th invitation). */
export function randomInvitationId(ranges: DemoIdRanges): number {
  const bigEvents = Math.max(1, Math.floor(ranges.invitations / 10));
  return chance(0.6) ? 10 * randomInt(1, bigEvents) : randomInt(1, ranges.invitations);
}

/** The slug the loader gave invitation `id` (see INSERT_INVITATIONS_SQL). */
export function invitationSlug(id: number): string {
  return createHash("md5").update(`invitation-${id}`).digest("hex").slice(0, 12);
}

/** The phone number the loader gave user `id` (see INSERT_USERS_SQL). */
export function userPhone(id: number): string {
  return `+1555${String(id).padStart(7, "0")}`;
}

export function randomGuestPhone(): string {
  return `+1${randomInt(2_000_000_000, 9_999_999_999)}`;
}

export function randomOtpCode(): string {
  return String(randomInt(0, 999_999)).padStart(6, "0");
}

export function randomIp(): string {
  return [randomInt(1, 220), randomInt(0, 255), randomInt(0, 255), randomInt(1, 254)].join(".");
}
