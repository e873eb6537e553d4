import type { Metadata } from "next";
import { IndexDetailView } from "@/components/indexes/index-detail-view";

export const metadata: Metadata = { title: "Index" };

export default async function IndexDetailPage({ params }: { params: Promise<{ id: string; oid: string }> }) {
  const { id, oid } = await params;
  return <IndexDetailView targetId={id} oid={oid} />;
}
