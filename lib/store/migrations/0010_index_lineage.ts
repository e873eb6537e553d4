import type { Migration } from "./index";

/**
 * An index is followed by its identity (schema, table, name), and an OID is only how the
 * catalog finds it today. Two things the history needs for that:
 *
 * - the OIDs an identity had before a rebuild, so that an old link (or an API call with
 *   the old OID) still finds the index. A trigger records them when the sampler moves
 *   `current_oid`, so the hot poll statement stays as it is; rebuilds recorded before this
 *   migration are read back from their events ("new oid N (was M)").
 * - the `cleanup_table` action: every leftover of an interrupted rebuild of a table (and of
 *   its TOAST table) dropped in one action.
 */
export const indexLineageMigration: Migration = {
  version: 10,
  name: "former index oids and table clean-up",
  sql: `
    CREATE TABLE index_former_oids (
      identity_id bigint NOT NULL REFERENCES index_identity (id) ON DELETE CASCADE,
      oid bigint NOT NULL,
      replaced_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (identity_id, oid)
    );
    CREATE INDEX index_former_oids_by_oid ON index_former_oids (oid);

    CREATE FUNCTION index_identity_remember_oid() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO index_former_oids (identity_id, oid) VALUES (OLD.id, OLD.current_oid)
      ON CONFLICT DO NOTHING;
      RETURN NEW;
    END $$;
    CREATE TRIGGER index_identity_oid_changed
      AFTER UPDATE OF current_oid ON index_identity
      FOR EACH ROW WHEN (OLD.current_oid IS DISTINCT FROM NEW.current_oid)
      EXECUTE FUNCTION index_identity_remember_oid();

    INSERT INTO index_former_oids (identity_id, oid, replaced_at)
    SELECT e.identity_id, (regexp_match(e.detail, '\\(was ([0-9]+)\\)'))[1]::bigint, e.at
      FROM events e
     WHERE e.kind = 'rebuild' AND e.identity_id IS NOT NULL AND e.detail ~ '\\(was [0-9]+\\)'
    ON CONFLICT DO NOTHING;

    ALTER TABLE actions_audit DROP CONSTRAINT actions_audit_kind_check;
    ALTER TABLE actions_audit ADD CONSTRAINT actions_audit_kind_check
      CHECK (kind IN ('reindex_index', 'reindex_table', 'drop_index', 'cleanup', 'cleanup_table'));
  `,
};
