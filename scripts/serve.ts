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
