/**
 * `npm run bench`: every benchmark at its issue's sizes, one after another (they share two
 * cores; running them together would measure each other). Each prints its own ratios.
 */
import { spawnSync } from "node:child_process";

const BENCHES: Array<{ script: string; args: string[] }> = [
  { script: "bench/inventory-route.ts", args: ["10000", "50000"] },
  { script: "bench/sampler-poll.ts", args: ["10000", "50000"] },
  { script: "bench/sampler-poll.ts", args: ["--pg=14", "10000", "50000"] },
  { script: "bench/store-bytes.ts", args: ["50000", "20"] },
  { script: "bench/weekly-usage.ts", args: ["50000", "1"] },
  { script: "bench/reindex-concurrently.ts", args: ["2000000"] },
  { script: "bench/fleet-sampling.ts", args: ["20", "2000", "10"] },
  { script: "bench/findings-vs-pghero.ts", args: ["10000"] },
  { script: "bench/viewer-cost.ts", args: ["10000", "50000"] },
  { script: "bench/findings-concurrency.ts", args: ["50000", "3"] },
  { script: "bench/pages-50k.ts", args: ["50000"] },
  { script: "bench/statement-sampler.ts", args: ["5000"] },
  { script: "bench/plan-cycle.ts", args: [] },
  { script: "bench/plan-cycle.ts", args: ["--pg=14"] },
];

let failed = 0;
for (const { script, args } of BENCHES) {
  console.log(`\n== ${script} ${args.join(" ")}`);
  const result = spawnSync(process.execPath, ["--import", "tsx", script, ...args], { stdio: "inherit" });
  if (result.status !== 0) {
    failed++;
    console.error(`${script} failed (exit ${result.status})`);
  }
}
process.exit(failed ? 1 : 0);
