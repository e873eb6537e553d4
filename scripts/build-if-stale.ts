import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
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
 * changed since the last build; later starts skip it (a start takes seconds then).
 */
export function ensureBuild(log: (line: string) => void) {
  const digest = sourcesDigest();
  const built = existsSync(path.join(".next", "BUILD_ID")) && existsSync(STAMP);
  if (built && readFileSync(STAMP, "utf8") === digest) return;
  log(
    built
      ? "sources changed since the last build: building the app"
      : "building the app (first start only, about a minute)",
  );
  const began = Date.now();
  const result = spawnSync(process.execPath, [nextBin(), "build"], {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error(`next build failed (exit ${result.status})`);
  writeFileSync(STAMP, digest);
  log(`built in ${((Date.now() - began) / 1000).toFixed(0)} s`);
}
