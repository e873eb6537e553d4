import type { Migration } from "./index";

/**
 * A store that stays small when every index is busy (issue 13). `samples_raw` cost one row
 * per changed index per poll (~120 bytes with its two indexes), and each poll's updates of
 * the hourly and daily roll-ups went through full pages, leaving a new row version and new
 * index entries behind each time (~170 bytes more). Now:
 *
 * - `poll_deltas`: one row per poll holding the deltas of every index that moved, in arrays
 *   keyed by identity id (sorted), compressed by TOAST: a few bytes per changed index. It
 *   goes with its poll (retention deletes the poll; the row follows).
 * - `index_identity.last_scanned_at`: the last poll in which the index's scan counter moved,
 *   the one thing the readers looked raw samples up for ("last seen scanned"). Used while
 *   that poll is still kept, exactly as the raw sample was.
 * - Room on the roll-ups' pages (fillfactor 50): a roll-up row is rewritten by every poll
 *   of its hour or day, and with room the new version stays on its page (a heap-only tuple,
 *   no new index entries) and the one before it is pruned by the next poll. Applies to
 *   pages written from now on.
 *
 * Existing raw samples are carried into `poll_deltas`, and last-scanned times derived from
 * them, so a store from the previous version answers the same.
 */
export const compactPollDeltasMigration: Migration = {
  version: 13,
  name: "compact per-poll deltas",
  sql: `
    CREATE TABLE poll_deltas (
      target_id text NOT NULL,
      polled_at timestamptz NOT NULL,
      identity_ids int8[] NOT NULL,
      scans int8[] NOT NULL,
      tuples_read int8[] NOT NULL,
      tuples_fetched int8[] NOT NULL,
      PRIMARY KEY (target_id, polled_at),
      FOREIGN KEY (target_id, polled_at) REFERENCES polls (target_id, polled_at) ON DELETE CASCADE
    );

    INSERT INTO poll_deltas (target_id, polled_at, identity_ids, scans, tuples_read, tuples_fetched)
    SELECT p.target_id, p.polled_at,
           array_agg(s.identity_id ORDER BY s.identity_id), array_agg(s.scans ORDER BY s.identity_id),
           array_agg(s.tuples_read ORDER BY s.identity_id), array_agg(s.tuples_fetched ORDER BY s.identity_id)
      FROM samples_raw s
      JOIN index_identity i ON i.id = s.identity_id
      JOIN polls p ON p.target_id = i.target_id AND p.polled_at = s.polled_at
     GROUP BY p.target_id, p.polled_at;

    ALTER TABLE index_identity ADD COLUMN last_scanned_at timestamptz;
    UPDATE index_identity i SET last_scanned_at = s.at
      FROM (SELECT identity_id, max(polled_at) AS at FROM samples_raw WHERE scans > 0 GROUP BY identity_id) s
     WHERE s.identity_id = i.id;

    DROP TABLE samples_raw;

    ALTER TABLE usage_hourly SET (fillfactor = 50);
    ALTER TABLE usage_daily SET (fillfactor = 50);
    ALTER TABLE index_identity SET (fillfactor = 50);
  `,
};
