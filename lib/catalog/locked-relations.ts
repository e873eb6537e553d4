/**
 * SQL fragment: relations of this database that someone holds an ACCESS EXCLUSIVE lock on.
 * Size functions and pg_get_indexdef take an ACCESS SHARE lock and would queue behind it, so
 * every query that calls them skips these relations instead.
 */
export const LOCKED_RELATIONS_CTE = `locked AS (
  SELECT DISTINCT l.relation
    FROM pg_locks l
   WHERE l.locktype = 'relation' AND l.mode = 'AccessExclusiveLock' AND l.granted
     AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
)`;

/** Schemas that hold no user indexes. */
export const USER_SCHEMAS_FILTER = `n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'`;
