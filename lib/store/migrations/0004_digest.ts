import type { Migration } from "./index";

/**
 * Weekly digest (issue 7). Findings are computed live, not kept as history: to tell which
 * findings are new this week, the digest remembers the keys it saw per target and week.
 * `digest_posts` is the cross-process claim that posts each week's digest to the webhook once.
 */
export const digestMigration: Migration = {
  version: 4,
  name: "weekly digest",
  sql: `
    CREATE TABLE digest_finding_snapshots (
      target_id text NOT NULL,
      week text NOT NULL CHECK (week ~ '^[0-9]{4}-W[0-9]{2}$'),
      finding_keys text[] NOT NULL,
      taken_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (target_id, week)
    );

    CREATE TABLE digest_posts (
      week text PRIMARY KEY CHECK (week ~ '^[0-9]{4}-W[0-9]{2}$'),
      claimed_at timestamptz NOT NULL DEFAULT now(),
      posted_at timestamptz,
      status int,
      error text
    );
  `,
};
