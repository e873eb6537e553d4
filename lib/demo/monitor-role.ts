import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import pg from "pg";

export const MONITOR_ROLE = "indexwatch_monitor";

/**
 * The demo watches its database the way a real deployment should: through a login role that
 * has pg_monitor and nothing else (see the README). Returns that role's connection string.
 */
export async function ensureMonitorRole(superuserUrl: string, passwordFile: string): Promise<string> {
  if (!existsSync(passwordFile))
    writeFileSync(passwordFile, randomBytes(18).toString("base64url"), { mode: 0o600 });
  const password = readFileSync(passwordFile, "utf8").trim();
  const client = new pg.Client({ connectionString: superuserUrl });
  await client.connect();
  try {
    const exists = await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [MONITOR_ROLE]);
    const verb = exists.rowCount ? "ALTER" : "CREATE";
    // Identifiers and literals quoted by the database itself.
    const ddl = await client.query<{ sql: string }>(
      `SELECT format('${verb} ROLE %I LOGIN PASSWORD %L', $1::text, $2::text) AS sql`,
      [MONITOR_ROLE, password],
    );
    await client.query(ddl.rows[0]?.sql ?? "");
    await client.query(`GRANT pg_monitor TO ${client.escapeIdentifier(MONITOR_ROLE)}`);
  } finally {
    await client.end();
  }
  const url = new URL(superuserUrl);
  url.username = MONITOR_ROLE;
  url.password = password;
  return url.toString();
}
