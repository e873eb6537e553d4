"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useLogout, useSession } from "@/lib/client/use-session";

/** "operator (operator) · Log out", or a log-in link: shown where actions are offered. */
export function SessionStatus() {
  const { data } = useSession();
  const logout = useLogout();
  const pathname = usePathname() ?? "/";
  if (!data) return null;
  if (!data.user) {
    return (
      <p data-testid="session-status" className="text-xs text-neutral-500 dark:text-neutral-400">
        Not logged in ·{" "}
        <Link
          href={`/login?next=${encodeURIComponent(pathname)}`}
          data-testid="login-link"
          className="font-medium text-indigo-600 hover:underline dark:text-indigo-400"
        >
          Log in
        </Link>
      </p>
    );
  }
  return (
    <p data-testid="session-status" className="text-xs text-neutral-500 dark:text-neutral-400">
      Logged in as{" "}
      <span className="font-medium text-neutral-700 dark:text-neutral-200">{data.user.username}</span> (
      {data.user.role}) ·{" "}
      <button
        type="button"
        data-testid="logout-button"
        onClick={() => logout.mutate()}
        className="font-medium text-indigo-600 hover:underline dark:text-indigo-400"
      >
        Log out
      </button>
    </p>
  );
}
