import type { Env } from "@/lib/config/env";

/**
 * The Host headers this app answers to: loopback names with its port, HOST with its port,
 * and APP_ORIGIN's host. Any other name reaching the socket is a DNS-rebinding page (an
 * attacker's domain pointed at 127.0.0.1) or a misrouted request: it gets no data.
 */
export function allowedHosts(e: Pick<Env, "PORT" | "HOST" | "APP_ORIGIN">): Set<string> {
  const hosts = new Set<string>();
  for (const name of ["localhost", "127.0.0.1", "[::1]", hostForHeader(e.HOST)]) {
    hosts.add(`${name}:${e.PORT}`);
    if (e.PORT === 80) hosts.add(name);
  }
  if (e.APP_ORIGIN) hosts.add(new URL(e.APP_ORIGIN).host);
  return hosts;
}

function hostForHeader(host: string): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host.toLowerCase();
}

/** Why this request's Host is refused (the body of a 421), or null when it is ours. */
export function hostRefusal(
  host: string | null,
  e: Pick<Env, "PORT" | "HOST" | "APP_ORIGIN">,
): string | null {
  if (!host) return "request without a Host header refused";
  if (allowedHosts(e).has(host.toLowerCase())) return null;
  return `this indexwatch does not answer to the host "${host.slice(0, 200)}"; to reach it under that name, set APP_ORIGIN (see README, Security)`;
}
