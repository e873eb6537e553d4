"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTargets } from "@/lib/client/use-targets";

/** A thin bar above every page once there is more than one target: the way back to the Fleet. */
export function FleetBar() {
  const { data } = useTargets();
  const pathname = usePathname();
  const count = data?.targets.length ?? 0;
  if (count < 2 || pathname.startsWith("/fleet")) return null;
  const down = data?.targets.filter((t) => !t.reachable).length ?? 0;
  return (
    <nav
      aria-label="Fleet"
      className="border-b border-neutral-200 bg-neutral-50 text-xs dark:border-neutral-800 dark:bg-neutral-900 print:hidden"
    >
      <div className="mx-auto flex max-w-[1600px] items-center gap-2 px-6 py-1">
        <Link
          href="/fleet"
          className="font-medium text-indigo-700 hover:underline dark:text-indigo-300"
          data-testid="fleet-link"
        >
          ← Fleet
        </Link>
        <span className="text-neutral-500">
          {count} targets{down ? `, ${down} unreachable` : ""}
        </span>
      </div>
    </nav>
  );
}
