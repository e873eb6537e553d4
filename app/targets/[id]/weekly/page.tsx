import type { Metadata } from "next";
import { Suspense } from "react";
import { LoadingState } from "@/components/status/query-states";
import { WeeklyView } from "@/components/usage/weekly-view";

export const metadata: Metadata = { title: "Weekly usage" };

export default async function WeeklyUsagePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Suspense fallback={<LoadingState />}>
      <WeeklyView targetId={id} />
    </Suspense>
  );
}
