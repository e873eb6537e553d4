import type { FindingKind } from "./types";

/**
 * cyrb53: a small, stable 53-bit string hash. It only has to notice that a definition
 * changed (so an ignored finding comes back), not resist an adversary.
 */
export function definitionHash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, "0");
}

/** kind:schema.table.name:hash(definition). Names may hold dots, so each part is JSON-quoted. */
export function findingKey(
  kind: FindingKind,
  schema: string,
  table: string,
  name: string,
  definition: string,
) {
  return `${kind}:${JSON.stringify([schema, table, name])}:${definitionHash(definition)}`;
}

/** The kind and the object a finding key names (what `findingKey` put in); null for anything else. */
export function parseFindingKey(
  key: string,
): { kind: FindingKind; schema: string; table: string; name: string } | null {
  const match = /^([a-z_]+):(\[.*\]):[0-9a-f]+$/.exec(key);
  if (!match?.[1] || !match[2]) return null;
  try {
    const parts: unknown = JSON.parse(match[2]);
    if (!Array.isArray(parts) || parts.length !== 3 || !parts.every((p) => typeof p === "string"))
      return null;
    const [schema, table, name] = parts as [string, string, string];
    return { kind: match[1] as FindingKind, schema, table, name };
  } catch {
    return null;
  }
}
