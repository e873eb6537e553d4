import type { Metadata } from "next";
import { Suspense } from "react";
import { FindingsView } from "@/components/findings/findings-view";
import { LoadingState } from "@/components/status/query-states";

/** The page, then the target: "Findings · demo" (tab and bookmark tell targets apart). */
export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { id } = await params;
  return { title: `Findings · ${id}` };
}

export default async function FindingsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Suspense fallback={<LoadingState />}>
      <FindingsView targetId={id} />
    </Suspense>
  );
}
