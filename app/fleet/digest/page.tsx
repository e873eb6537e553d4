import type { Metadata } from "next";
import Link from "next/link";
import { DigestView } from "@/components/digest/digest-view";
import { ISO_WEEK_PATTERN } from "@/lib/digest/iso-week";

export const metadata: Metadata = { title: "Fleet digest" };

export default async function FleetDigestPage({
  searchParams,
}: {
  searchParams: Promise<{ week?: string | string[] }>;
}) {
  const { week } = await searchParams;
  const chosen = typeof week === "string" && ISO_WEEK_PATTERN.test(week) ? week : null;
  return (
    <main className="mx-auto max-w-[1200px] px-6 py-6">
      <p className="mb-2 text-sm print:hidden">
        <Link href="/fleet" className="text-indigo-700 hover:underline dark:text-indigo-300">
          ← Fleet
        </Link>
      </p>
      <h1 className="mb-2 text-xl font-semibold">Fleet</h1>
      <DigestView targetId={null} week={chosen} />
    </main>
  );
}
