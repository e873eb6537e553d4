import { OverviewView } from "@/components/overview/overview-view";

export default async function OverviewPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <OverviewView targetId={id} />;
}
