/**
 * The dashboard's HTTP server, as the launcher runs it: Next.js's own request handler
 * behind a Node server that listens on HOST (127.0.0.1 unless set) and writes each
 * request's socket peer into a header no client can set (lib/auth/client-address.ts
 * reads it: Next.js alone would only pass on a client's own X-Forwarded-For).
 */
import http from "node:http";
import next from "next";
import { PEER_ADDRESS_HEADER } from "../lib/auth/peer-address";
import { readEnv } from "../lib/config/env";

/** How long an idle keep-alive connection stays open (see below). */
export const KEEP_ALIVE_MS = 65_000;

async function serve() {
  const env = readEnv();
  const app = next({ dev: false, dir: process.cwd(), hostname: env.HOST, port: env.PORT });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = http.createServer((request, response) => {
    request.headers[PEER_ADDRESS_HEADER] = request.socket.remoteAddress ?? "unknown";
    handle(request, response).catch((error: unknown) => {
      console.error("[indexwatch] request failed:", error);
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  // Node closes an idle keep-alive connection after 5 s; a client (a browser, a proxy, a test's
  // request context) that sends on it in that instant gets ECONNRESET, which failed an e2e run
  // under load. Idle connections stay open longer than the usual proxy idle timeout (60 s), so
  // the client side closes first; headers must be allowed to arrive for as long.
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
  server.listen(env.PORT, env.HOST);
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

serve().catch((error) => {
  console.error(`[indexwatch] server failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
