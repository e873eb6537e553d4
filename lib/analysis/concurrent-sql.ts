/**
 * pg_get_indexdef answers "CREATE [UNIQUE] INDEX name ON …". The undo of a drop is that exact
 * definition built without blocking writes: CONCURRENTLY goes right after INDEX. Only the
 * leading keywords are touched, so a name or expression that contains "INDEX" is left alone.
 */
const LEADING_CREATE = /^CREATE (UNIQUE )?INDEX /;

export function toConcurrentCreate(definition: string): string {
  const match = LEADING_CREATE.exec(definition);
  if (!match) throw new Error(`not an index definition: ${definition.slice(0, 80)}`);
  return `CREATE ${match[1] ?? ""}INDEX CONCURRENTLY ${definition.slice(match[0].length)}`;
}

// pg_get_indexdef writes a partitioned index as "… ON ONLY tbl": replayed as is, that makes an
// invalid parent index on no partition. Without ONLY it is built on every partition again.
const ON_ONLY = /^(CREATE (?:UNIQUE )?INDEX (?:"(?:[^"]|"")*"|[^\s"]+) ON )ONLY /;

/**
 * The statement that recreates an index. Partitioned indexes cannot be built CONCURRENTLY
 * (PostgreSQL refuses), so theirs is plain, and recurses to the partitions.
 */
export function recreateSql(definition: string, partitionedIndex: boolean): string {
  return partitionedIndex ? definition.replace(ON_ONLY, "$1") : toConcurrentCreate(definition);
}
