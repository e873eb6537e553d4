import type { Migration } from "./index";

/**
 * Sessions ended by a logout, by id, until the cookie would have expired anyway. Kept in the
 * store, not in one process's memory, so that every app process behind a load balancer
 * refuses the cookie at once.
 */
export const revokedSessionsMigration: Migration = {
  version: 8,
  name: "revoked sessions",
  sql: `
    CREATE TABLE revoked_session (
      session_id text PRIMARY KEY,
      expires_at timestamptz NOT NULL
    );
    CREATE INDEX revoked_session_expires_at_idx ON revoked_session (expires_at);
  `,
};
