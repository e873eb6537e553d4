import type { Metadata } from "next";
import { OverviewView } from "@/components/overview/overview-view";

/** A layout's title template skips the page of its own segment: this title is whole. */
export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { id } = await params;
  return { title: { absolute: `Overview · ${id}` } };
}

export default async function OverviewPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <OverviewView targetId={id} />;
}
