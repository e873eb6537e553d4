import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { TargetShell } from "@/components/nav/target-shell";
import { listTargetConfigs } from "@/lib/targets/registry";

interface TargetLayoutProps {
  children: React.ReactNode;
  params: Promise<{ id: string }>;
}

/** Reads the configuration only: the target database is reached by the client, through the API. */
async function findTarget(params: Promise<{ id: string }>) {
  const { id } = await params;
  return listTargetConfigs().find((t) => t.id === id) ?? null;
}

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const target = await findTarget(params);
  // Every page of a target is titled "<Page> · <target id>" (an index: "<index> · Indexes · demo"):
  // the id is short and tells apart the tabs of two targets.
  return {
    title: target ? { default: target.name, template: `%s · ${target.id}` } : "Unknown target",
  };
}

export default async function TargetLayout({ children, params }: TargetLayoutProps) {
  const target = await findTarget(params);
  if (!target) notFound();
  return (
    <TargetShell targetId={target.id} targetName={target.name}>
      {children}
    </TargetShell>
  );
}
