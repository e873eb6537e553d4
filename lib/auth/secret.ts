import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env } from "@/lib/config/env";

const cache = globalThis as unknown as { __indexwatchSessionSecret?: { dir: string; secret: Buffer } };

/**
 * The key that signs session cookies: SESSION_SECRET, or one generated once into the data
 * folder (mode 600) so that sessions survive a restart and every process of one install
 * agrees on it.
 */
export function sessionSecret(): Buffer {
  const e = env();
  if (e.SESSION_SECRET) return Buffer.from(e.SESSION_SECRET, "utf8");
  const dir = path.resolve(e.INDEXWATCH_DATA_DIR);
  if (cache.__indexwatchSessionSecret?.dir === dir) return cache.__indexwatchSessionSecret.secret;
  const file = path.join(dir, "session-secret");
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    // "wx": when two processes start together, the second keeps the first one's key.
    try {
      writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600, flag: "wx" });
    } catch (error) {
      if ((error as { code?: string }).code !== "EEXIST") throw error;
    }
  }
  const secret = Buffer.from(readFileSync(file, "utf8").trim(), "utf8");
  cache.__indexwatchSessionSecret = { dir, secret };
  return secret;
}
