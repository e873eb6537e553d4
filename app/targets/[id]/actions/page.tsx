import type { Metadata } from "next";
import { ActionsView } from "@/components/actions/actions-view";

export const metadata: Metadata = { title: "Actions" };

export default async function ActionsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ActionsView targetId={id} />;
}
