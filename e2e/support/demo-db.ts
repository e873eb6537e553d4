import { readFileSync } from "node:fs";
import pg from "pg";

/** A superuser connection to the e2e demo database (the app's own embedded server). */
export async function withDemoDatabase<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const password = readFileSync(".indexwatch/e2e/postgres/superuser-password", "utf8").trim();
  const client = new pg.Client({
    host: "127.0.0.1",
    port: 54339,
    user: "postgres",
    password,
    database: "indexwatch_demo",
  });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
