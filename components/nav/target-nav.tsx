"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { targetBasePath, targetNavItems } from "./target-nav-items";

function isActive(pathname: string, href: string, isRoot: boolean): boolean {
  if (isRoot) return pathname === href || pathname === `${href}/`;
  return pathname === href || pathname.startsWith(`${href}/`);
}

/** The target's section tabs. */
export function TargetNav({ targetId }: { targetId: string }) {
  const pathname = usePathname() ?? "";
  const base = targetBasePath(targetId);
  return (
    <nav aria-label="Target sections" className="-mb-px flex gap-1 overflow-x-auto">
      {targetNavItems.map((item) => {
        const href = `${base}${item.hrefSuffix}`;
        const active = isActive(pathname, href, item.hrefSuffix === "");
        return (
          <Link
            key={item.hrefSuffix}
            href={href}
            aria-current={active ? "page" : undefined}
            className={`whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium transition-colors ${
              active
                ? "border-indigo-500 text-neutral-900 dark:text-white"
                : "border-transparent text-neutral-500 hover:border-neutral-300 hover:text-neutral-800 dark:text-neutral-400 dark:hover:border-neutral-600 dark:hover:text-neutral-200"
            }`}
          >
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
