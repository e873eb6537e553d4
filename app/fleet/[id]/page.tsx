import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ServerUsageView } from "@/components/fleet/server-usage-view";
import { listTargetConfigs } from "@/lib/targets/registry";

export const metadata: Metadata = { title: "Usage per server" };

/** `/fleet/{id}`: one target's servers and the observed usage on each. */
export default async function TargetServersPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const target = listTargetConfigs().find((t) => t.id === id);
  if (!target) notFound();
  return (
    <main className="mx-auto max-w-[1600px] px-6 py-6">
      <p className="mb-2 text-sm">
        <Link href="/fleet" className="text-indigo-700 hover:underline dark:text-indigo-300">
          ← Fleet
        </Link>
      </p>
      <h1 className="mb-3 text-xl font-semibold">{target.name}: usage per server</h1>
      <ServerUsageView targetId={target.id} />
    </main>
  );
}
