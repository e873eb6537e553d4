import type { Migration } from "./index";

/**
 * Findings accepted by someone (issue 5): hidden until the index changes. The key holds a
 * hash of the index definition, so a rebuilt-differently index is a new finding.
 */
export const findingsIgnoresMigration: Migration = {
  version: 2,
  name: "findings ignore list",
  sql: `
    CREATE TABLE finding_ignores (
      target_id text NOT NULL,
      finding_key text NOT NULL CHECK (length(finding_key) BETWEEN 1 AND 2000),
      kind text NOT NULL,
      reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
      ignored_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (target_id, finding_key)
    );
  `,
};
