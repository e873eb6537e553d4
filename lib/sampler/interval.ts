import { env } from "@/lib/config/env";

const DEMO_INTERVAL_S = 10;
const DEFAULT_INTERVAL_S = 60;

/** Seconds between counter polls: SAMPLE_INTERVAL, or the demo's and the default. */
export function sampleIntervalSeconds(): number {
  const e = env();
  return e.SAMPLE_INTERVAL ?? (e.INDEXWATCH_DEMO ? DEMO_INTERVAL_S : DEFAULT_INTERVAL_S);
}
