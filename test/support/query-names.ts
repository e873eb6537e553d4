import type pg from "pg";

/**
 * Records the name of every query the pool's connections run (the `/* indexwatch:name *\/`
 * comment queryRows puts in front), so a test or a benchmark sees which reads a real
 * server got. Wraps each connection as the pool opens it; the queries still run.
 */
export function recordQueryNames(pool: pg.Pool, into: string[]): void {
  pool.on("connect", (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (...args: unknown[]) => {
      const text = typeof args[0] === "string" ? args[0] : (args[0] as { text?: string } | undefined)?.text;
      const name = /\/\* indexwatch:(\w+) \*\//.exec(text ?? "")?.[1];
      if (name) into.push(name);
      return query(...args);
    };
  });
}
