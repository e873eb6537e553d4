import type { TestProject } from "vitest/node";
import { type PgCluster, type PgMajor, requireDebianHypopg, startCluster } from "./pg-cluster";

declare module "vitest" {
  export interface ProvidedContext {
    pgUrl: string;
    pgMajor: number;
  }
}

/**
 * One real PostgreSQL per integration project ("integration-pg18", "integration-pg14",
 * "integration-hypopg-pg15" on Debian's server),
 * started before its tests and destroyed after. Each test file makes its own database in it.
 */
export default async function setup(project: TestProject) {
  const major = Number(/pg(\d+)/.exec(project.name)?.[1]) as PgMajor;
  // Fails loudly, never skips: the hypopg project without its server is a broken machine.
  if (major === 15) requireDebianHypopg();
  const cluster: PgCluster = await startCluster({ major });
  project.provide("pgUrl", cluster.url());
  project.provide("pgMajor", major);
  process.env.TEST_PG_URL = cluster.url();
  return async () => {
    await cluster.destroy();
  };
}
