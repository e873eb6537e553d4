import type { Metadata } from "next";
import { DigestView } from "@/components/digest/digest-view";
import { ISO_WEEK_PATTERN } from "@/lib/digest/iso-week";

export const metadata: Metadata = { title: "Weekly digest" };

export default async function TargetDigestPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ week?: string | string[] }>;
}) {
  const [{ id }, { week }] = await Promise.all([params, searchParams]);
  const chosen = typeof week === "string" && ISO_WEEK_PATTERN.test(week) ? week : null;
  return <DigestView targetId={id} week={chosen} />;
}
