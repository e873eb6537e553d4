import { performance } from "node:perf_hooks";

/** Median wall time of `runs` calls after `warmup` unmeasured ones, in milliseconds. */
export async function medianMs(fn: () => Promise<unknown>, runs = 7, warmup = 2): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const began = performance.now();
    await fn();
    times.push(performance.now() - began);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

export function ratioLine(label: string, oursMs: number, baselineMs: number, goal: number): string {
  const ratio = oursMs / baselineMs;
  const verdict = ratio <= goal ? "meets" : "MISSES";
  return `${label}: ours ${oursMs.toFixed(1)} ms, baseline ${baselineMs.toFixed(1)} ms, ratio ${ratio.toFixed(2)}x (goal <= ${goal}x: ${verdict})`;
}
