import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { E2E_DATA_DIR, E2E_PG_PORT } from "./e2e-env";

/** A superuser connection to the e2e demo database (the app's own embedded server). */
export async function withDemoDatabase<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const password = readFileSync(path.join(E2E_DATA_DIR, "postgres", "superuser-password"), "utf8").trim();
  const client = new pg.Client({
    host: "127.0.0.1",
    port: Number(E2E_PG_PORT),
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
