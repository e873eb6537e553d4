import type { Metadata } from "next";
import { Suspense } from "react";
import { FindingsView } from "@/components/findings/findings-view";
import { LoadingState } from "@/components/status/query-states";

/** "Findings · demo": the target's layout adds the target (tab and bookmark tell targets apart). */
export const metadata: Metadata = { title: "Findings" };

export default async function FindingsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Suspense fallback={<LoadingState />}>
      <FindingsView targetId={id} />
    </Suspense>
  );
}
