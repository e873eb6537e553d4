import type { Metadata } from "next";
import { FindingsView } from "@/components/findings/findings-view";

export const metadata: Metadata = { title: "Findings" };

export default async function FindingsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <FindingsView targetId={id} />;
}
