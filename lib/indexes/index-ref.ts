import { ValidationError } from "@/lib/errors";
import type { IndexIdentityKey } from "@/lib/store/index-identity-reads";

/**
 * How a URL names an index. The page and the API follow what the history keeps, the
 * identity (schema, table, name); an OID is how the catalog finds it today.
 *
 * - `/indexes/16689`: an OID, current or former (a rebuild gives the index a new one).
 * - `/indexes/public.orders.orders_user_status_idx`: the identity key, each part
 *   percent-encoded and its dots written `%2E`, so the key survives rebuilds and reads well.
 *
 * The framework may hand the segment over decoded, dots and all: a key is then read every
 * way its dots allow (one way for ordinary names) and the first reading that exists wins.
 */
export type IndexRef = { oid: number } | { candidates: IndexIdentityKey[] };

const OID = /^[1-9][0-9]{0,9}$/;
const MAX_OID = 4_294_967_295;
/** Names are at most 63 bytes; three of them, encoded, stay well below this. */
const MAX_KEY_LENGTH = 1_000;
/** Bounds the readings of a dotted key (n dots give n(n-1)/2 readings). */
const MAX_DOTS = 12;

/** A part already decoded by the framework may hold a bare `%`: it is then taken as it is. */
function decodePart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** The identity key of an index, as its page's URL segment. */
export function indexKeyOf(key: IndexIdentityKey): string {
  const part = (s: string) => encodeURIComponent(s).replaceAll(".", "%2E");
  return `${part(key.schema)}.${part(key.table)}.${part(key.name)}`;
}

/** An OID or the readings of an identity key; null when the segment is neither. */
export function parseIndexRef(segment: string): IndexRef | null {
  if (OID.test(segment)) {
    const oid = Number(segment);
    return oid <= MAX_OID ? { oid } : null;
  }
  if (segment.length === 0 || segment.length > MAX_KEY_LENGTH) return null;
  const parts = segment.split(".").map(decodePart);
  if (parts.length < 3 || parts.length > MAX_DOTS + 1) return null;
  if (parts.some((p) => p === "")) return null;
  const words = parts;
  const candidates: IndexIdentityKey[] = [];
  for (let i = 1; i < words.length - 1; i++) {
    for (let j = i + 1; j < words.length; j++) {
      candidates.push({
        schema: words.slice(0, i).join("."),
        table: words.slice(i, j).join("."),
        name: words.slice(j).join("."),
      });
    }
  }
  return { candidates };
}

/** Parses the path segment or throws the 400 every route answers for bad input. */
export function indexRefParam(segment: string): IndexRef {
  const ref = parseIndexRef(segment);
  if (!ref) {
    throw new ValidationError("invalid index: an oid, or schema.table.name (each part percent-encoded)", [
      {
        path: ["oid"],
        message: "an oid is a positive whole number below 2^32; a key has three dotted parts",
      },
    ]);
  }
  return ref;
}
