import { describe, expect, it } from "vitest";
import { isNextBanner } from "./supervise-server";

describe("isNextBanner", () => {
  it("drops the lines Next.js prints at every start", () => {
    for (const line of [
      "   \u001b[1m\u001b[35m▲ Next.js 16.4.6\u001b[39m\u001b[22m",
      "   - Local:         http://localhost:3000",
      "   - Network:       http://10.0.0.5:3000",
      " ✓ Starting...",
      " ✓ Ready in 412ms",
      "✓ Running next.config.mjs took 49ms",
      "",
    ]) {
      expect({ line, banner: isNextBanner(line) }).toEqual({ line, banner: true });
    }
  });

  it("keeps everything else: our lines, warnings and errors", () => {
    for (const line of [
      "[indexwatch] sampler: sampling demo every 10 s",
      " ⨯ Error: listen EADDRINUSE: address already in use :::3000",
      " ⚠ Invalid next.config.mjs options detected",
      "    at Server.setupListenHandle [as _listen2] (node:net:1940:16)",
      "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory",
    ]) {
      expect({ line, banner: isNextBanner(line) }).toEqual({ line, banner: false });
    }
  });
});
