/** Launcher output: plain lines, so they read the same in a terminal and in a CI log. */
export function log(line: string) {
  console.log(`[indexwatch] ${line}`);
}

let lastProgressAt = 0;

/**
 * Progress of a long step with a known total: in a terminal one line redrawn at most every
 * half second (share done, time spent); in a log, nothing between the step's first and last
 * lines, which the caller prints.
 */
export function progressLine(step: string, done: number, total: number, startedAt: number) {
  if (process.stdout.isTTY !== true) return;
  const now = Date.now();
  if (now - lastProgressAt < 500 && done < total) return;
  lastProgressAt = now;
  const share = total > 0 ? Math.round((done / total) * 100) : 100;
  process.stdout.write(
    `\r\x1b[2K[indexwatch] ${step} ${share}% (${done}/${total}, ${((now - startedAt) / 1000).toFixed(0)} s)`,
  );
  if (done >= total) process.stdout.write("\r\x1b[2K");
}

/**
 * One line that shows work under way: redrawn in place in a terminal (the elapsed seconds
 * tick), printed once at the start and once at the end in a log that is not a terminal.
 */
export function liveLine(detail: string) {
  const tty = process.stdout.isTTY === true;
  let text = "";
  return {
    begin(line: string) {
      text = line;
      if (tty) process.stdout.write(`[indexwatch] ${text}; ${detail}`);
      else log(`${text}; ${detail}`);
    },
    tick(seconds: number) {
      if (tty) process.stdout.write(`\r\x1b[2K[indexwatch] ${text}: ${seconds.toFixed(0)} s; ${detail}`);
    },
    end(line: string) {
      if (tty) process.stdout.write("\r\x1b[2K");
      log(line);
    },
  };
}
