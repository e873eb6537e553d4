import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { IndexDetailView } from "@/components/indexes/index-detail-view";
import { findStoredIdentity } from "@/lib/indexes/index-detail";
import { indexKeyOf, parseIndexRef } from "@/lib/indexes/index-ref";
import type { StoredIndexIdentity } from "@/lib/store/index-identity-reads";

interface IndexPageProps {
  /** `oid`: an OID (current or former) or the identity key schema.table.name (lib/indexes/index-ref). */
  params: Promise<{ id: string; oid: string }>;
}

/** The identity an OID names, from the history store (never the target); null when unknown. */
async function identityOfOid(targetId: string, segment: string): Promise<StoredIndexIdentity | null> {
  const ref = parseIndexRef(segment);
  if (!ref || !("oid" in ref)) return null;
  return findStoredIdentity(targetId, ref).catch(() => null);
}

export async function generateMetadata({ params }: IndexPageProps): Promise<Metadata> {
  const { id, oid } = await params;
  const ref = parseIndexRef(oid);
  const name = ref && "candidates" in ref ? ref.candidates[0]?.name : (await identityOfOid(id, oid))?.name;
  // The target's layout adds " · <target>".
  return { title: name ? `${name} · Indexes` : "Index · Indexes" };
}

/**
 * An index's page follows the index: an OID the history knows (today's, or one from before
 * a rebuild) moves to the page of its identity, which a rebuild does not change.
 */
export default async function IndexDetailPage({ params }: IndexPageProps) {
  const { id, oid } = await params;
  const identity = await identityOfOid(id, oid);
  if (identity) redirect(`/targets/${encodeURIComponent(id)}/indexes/${indexKeyOf(identity)}`);
  return <IndexDetailView targetId={id} indexRef={oid} />;
}
