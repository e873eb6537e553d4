/** Launcher output: plain lines, so they read the same in a terminal and in a CI log. */
export function log(line: string) {
  console.log(`[indexwatch] ${line}`);
}

let lastProgressAt = 0;

/** A progress line at most every half second, with the share done and the time spent. */
export function progressLine(step: string, done: number, total: number, startedAt: number) {
  const now = Date.now();
  if (now - lastProgressAt < 500 && done < total) return;
  lastProgressAt = now;
  const share = total > 0 ? Math.round((done / total) * 100) : 100;
  log(`${step} ${share}% (${done}/${total}, ${((now - startedAt) / 1000).toFixed(0)} s)`);
}
