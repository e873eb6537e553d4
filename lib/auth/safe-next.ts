/**
 * Where to go after logging in: `next` only when it is a path on this app's own origin,
 * else "/". Decided by the WHATWG URL parser (the one the browser uses), not by string
 * prefixes: the parser drops tab, CR and LF and reads "\" as "/", so "/\t/evil.example"
 * and "/\\evil.example" are other hosts to it. The answer is re-parsed too, so that a
 * path the parser normalises into "//host" (e.g. "/.//host") is not followed either.
 */
const PROBE_ORIGIN = "http://indexwatch.invalid";

function sameOriginPath(candidate: string): string | null {
  // Raw control characters and backslashes have no place in a path we hand to the browser.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
  if (/[\u0000-\u001f\u007f\\]/.test(candidate) || !candidate.startsWith("/")) return null;
  let url: URL;
  try {
    url = new URL(candidate, PROBE_ORIGIN);
  } catch {
    return null;
  }
  if (url.origin !== PROBE_ORIGIN) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}

export function safeNextPath(next: unknown): string {
  if (typeof next !== "string" || next.length === 0 || next.length > 2048) return "/";
  const path = sameOriginPath(next);
  // A fixed point of the parser: what we answer means the same thing when the browser parses it.
  if (path === null || path.startsWith("//") || sameOriginPath(path) !== path) return "/";
  return path;
}
