import type { Metadata } from "next";
import { UnusedView } from "@/components/findings/unused-view";

export const metadata: Metadata = { title: "Unused indexes" };

export default async function UnusedPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <UnusedView targetId={id} />;
}
