import type pg from "pg";
import { env } from "@/lib/config/env";
import { createPool } from "@/lib/db/pool";
import { registeredPool } from "@/lib/db/pool-registry";
import type { TargetConfig } from "./registry";

/** The read-only monitoring pool of a target, created on first use. */
export function monitoringPool(target: TargetConfig): pg.Pool {
  return registeredPool("monitoring", target.id, target.url, (url) =>
    createPool(url, {
      applicationName: "indexwatch",
      statementTimeoutMs: env().QUERY_TIMEOUT_MS,
      lockTimeoutMs: 1_000,
      max: 3,
    }),
  );
}
