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

/**
 * The statement that recreates an index. Partitioned indexes cannot be built CONCURRENTLY
 * (PostgreSQL refuses), so their undo is the plain definition.
 */
export function recreateSql(definition: string, partitionedIndex: boolean): string {
  return partitionedIndex ? definition : toConcurrentCreate(definition);
}
