import { type NextRequest, NextResponse } from "next/server";
import { hostRefusal } from "@/lib/auth/allowed-hosts";
import { contentSecurityPolicy, SECURITY_HEADERS } from "@/lib/auth/security-headers";
import { env } from "@/lib/config/env";

/**
 * Runs before every page and route (Next.js 16 "proxy", formerly middleware): refuses a
 * Host that is not the app's (DNS rebinding), and sets the security headers with a fresh
 * script nonce per request.
 */
export function proxy(request: NextRequest) {
  const refusal = hostRefusal(request.headers.get("host"), env());
  if (refusal) {
    return new NextResponse(JSON.stringify({ error: { code: "misdirected_request", message: refusal } }), {
      status: 421,
      headers: { "Content-Type": "application/json", "Cache-Control": "no-store", ...SECURITY_HEADERS },
    });
  }
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const policy = contentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  // Next.js reads the nonce for its own scripts from the policy on the request.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
  return response;
}
