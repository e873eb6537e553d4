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

/** One result line; without a goal the ratio is reported for information. */
export function ratioLine(label: string, oursMs: number, baselineMs: number, goal?: number): string {
  const ratio = oursMs / baselineMs;
  const verdict =
    goal === undefined ? "no goal: reported" : `goal <= ${goal}x: ${ratio <= goal ? "meets" : "MISSES"}`;
  return `${label}: ours ${oursMs.toFixed(1)} ms, baseline ${baselineMs.toFixed(1)} ms, ratio ${ratio.toFixed(2)}x (${verdict})`;
}

/**
 * Median times of two functions measured in alternation (a, b, a, b, …), so that drift in
 * the machine's load touches both alike.
 */
export async function interleavedMedians(
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
  runs = 11,
  warmup = 2,
): Promise<[number, number]> {
  for (let i = 0; i < warmup; i++) {
    await a();
    await b();
  }
  const timesA: number[] = [];
  const timesB: number[] = [];
  for (let i = 0; i < runs; i++) {
    let began = performance.now();
    await a();
    timesA.push(performance.now() - began);
    began = performance.now();
    await b();
    timesB.push(performance.now() - began);
  }
  const median = (t: number[]) => [...t].sort((x, y) => x - y)[Math.floor(t.length / 2)] ?? Number.NaN;
  return [median(timesA), median(timesB)];
}
