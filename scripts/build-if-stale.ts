import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const SOURCES = [
  "app",
  "components",
  "lib",
  "public",
  "instrumentation.ts",
  "proxy.ts",
  "next.config.mjs",
  "postcss.config.mjs",
  "tsconfig.json",
  "package-lock.json",
];
const STAMP = path.join(".next", "indexwatch-sources.sha256");

export function nextBin(): string {
  return require.resolve("next/dist/bin/next");
}

/** A digest of every source file's path, size and modification time. */
function sourcesDigest(): string {
  const hash = createHash("sha256");
  const visit = (entry: string) => {
    if (!existsSync(entry)) return;
    const stat = statSync(entry);
    if (stat.isDirectory()) {
      for (const child of readdirSync(entry).sort()) visit(path.join(entry, child));
    } else {
      hash.update(`${entry}\u0000${stat.size}\u0000${stat.mtimeMs}\n`);
    }
  };
  for (const source of SOURCES) visit(source);
  return hash.digest("hex");
}

/**
 * `next start` needs a production build. Build on the first start and whenever a source
 * changed since the last build; later starts skip it (a start takes seconds then). The
 * build's own output (its route table, ~80 lines) goes to `logFile`; the terminal gets one
 * progress line, and the log's tail and path when the build fails.
 */
export async function ensureBuild(logFile: string, progress: BuildProgress): Promise<void> {
  const digest = sourcesDigest();
  const built = existsSync(path.join(".next", "BUILD_ID")) && existsSync(STAMP);
  if (built && readFileSync(STAMP, "utf8") === digest) return;
  progress.begin(
    built ? "sources changed: building the app" : "building the app (first start only, about a minute)",
  );
  const began = Date.now();
  mkdirSync(path.dirname(logFile), { recursive: true });
  const output = createWriteStream(logFile);
  const child = spawn(process.execPath, [nextBin(), "build"], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  child.stdout.pipe(output, { end: false });
  child.stderr.pipe(output, { end: false });
  const ticker = setInterval(() => progress.tick((Date.now() - began) / 1000), 1000);
  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("close", (code, signal) => resolve({ code, signal })),
  );
  clearInterval(ticker);
  await new Promise<void>((resolve) => output.end(() => resolve()));
  const seconds = Math.round((Date.now() - began) / 1000);
  if (exit.code !== 0) {
    progress.end(`the build failed after ${seconds} s`);
    const tail = readFileSync(logFile, "utf8").trimEnd().split("\n").slice(-15).join("\n");
    throw new Error(
      `next build ${exit.signal ? `was killed (${exit.signal})` : `exited with ${exit.code}`}; its last lines:\n${tail}\nThe full build log is in ${logFile}`,
    );
  }
  writeFileSync(STAMP, digest);
  progress.end(`app built in ${seconds} s`);
}

/** How the launcher shows a build: one line, redrawn in a terminal. */
export interface BuildProgress {
  begin(line: string): void;
  tick(seconds: number): void;
  end(line: string): void;
}
