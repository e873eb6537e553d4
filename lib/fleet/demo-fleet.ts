import { writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import type { TargetsFile } from "../config/targets-file";
import { type EmbeddedServer, ensureDatabase } from "../demo/embedded-server";
import { isDemoLoaded, loadDemoData } from "../demo/load";
import { ensureMonitorRole } from "../demo/monitor-role";
import { ensureStatementsExtension } from "../demo/statements-extension";

const SECOND_DEMO_DATABASE = "indexwatch_demo_2";

/**
 * DEMO_TARGETS=2: a second copy of the demo database (no workload: everything in it looks
 * unused) and a targets file listing both, its connection strings named as environment
 * variables as a real deployment would keep them. Returns the environment to add for the app.
 */
export async function setUpDemoFleet(
  embedded: EmbeddedServer,
  dataDir: string,
  log: (message: string) => void,
): Promise<Record<string, string>> {
  await ensureDatabase(embedded.url("postgres"), SECOND_DEMO_DATABASE);
  const superuserUrl = embedded.url(SECOND_DEMO_DATABASE);
  const client = new pg.Client({ connectionString: superuserUrl });
  await client.connect();
  try {
    if (!(await isDemoLoaded(client))) {
      log("loading the second demo database (DEMO_TARGETS=2, first start only)");
      await loadDemoData(client, () => undefined);
    }
  } finally {
    await client.end();
  }
  await ensureStatementsExtension(superuserUrl, { forgetLoad: false });
  const monitorUrl = await ensureMonitorRole(
    superuserUrl,
    path.resolve(dataDir, "postgres", "monitor-password"),
  );
  const file: TargetsFile = {
    targets: [
      {
        id: "demo",
        name: "Demo: invitations app",
        url: { env: "DATABASE_URL" },
        actionUrl: { env: "ACTION_DATABASE_URL" },
        explainUrl: { env: "EXPLAIN_DATABASE_URL" },
        standbys: [],
        discoverDatabases: false,
      },
      {
        id: "demo-2",
        name: "Demo 2: invitations app, no workload",
        url: { env: "DEMO_2_DATABASE_URL" },
        actionUrl: { env: "DEMO_2_ACTION_DATABASE_URL" },
        explainUrl: { env: "DEMO_2_EXPLAIN_DATABASE_URL" },
        standbys: [],
        discoverDatabases: false,
      },
    ],
  };
  const configPath = path.resolve(dataDir, "demo-fleet.config.json");
  writeFileSync(configPath, `${JSON.stringify(file, null, 2)}\n`);
  log(`two demo targets: ${configPath}`);
  return {
    INDEXWATCH_CONFIG: configPath,
    DEMO_2_DATABASE_URL: monitorUrl,
    DEMO_2_ACTION_DATABASE_URL: superuserUrl,
    DEMO_2_EXPLAIN_DATABASE_URL: superuserUrl,
  };
}
