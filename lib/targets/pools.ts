import type pg from "pg";
import { env } from "@/lib/config/env";
import { createPool } from "@/lib/db/pool";
import { registeredPool } from "@/lib/db/pool-registry";
import type { TargetConfig } from "./registry";

/** The read-only monitoring pool of a target, created on first use: viewers' on-demand reads. */
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

/**
 * The sampler's own connections to a target (same read-only role): no viewer request can
 * take them, so a connect timeout here means the target itself did not answer, and only then
 * is the target recorded as unreachable. The poll and the snapshot built after it run one
 * after the other; the second connection serves a "refresh now" beside a running poll.
 */
export function samplerPool(target: TargetConfig): pg.Pool {
  return registeredPool("sampler", target.id, target.url, (url) =>
    createPool(url, {
      applicationName: "indexwatch-sampler",
      statementTimeoutMs: env().QUERY_TIMEOUT_MS,
      lockTimeoutMs: 1_000,
      max: 2,
    }),
  );
}
