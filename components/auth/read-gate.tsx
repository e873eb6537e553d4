"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useEffect } from "react";
import { useSession } from "@/lib/client/use-session";

/**
 * With READ_ANONYMOUS=false a logged-out browser is sent to /login and shown a "log in" state
 * in the meantime, never the page: its reads would answer 401 anyway (the API guard is what
 * protects the data), this only says so instead of showing empty panels and errors.
 */
export function ReadGate({ children }: { children: React.ReactNode }) {
  const { data } = useSession();
  const pathname = usePathname() ?? "/";
  const router = useRouter();
  const mustLogIn = Boolean(data && !data.user && !data.readAnonymous && pathname !== "/login");
  const loginHref = `/login?next=${encodeURIComponent(pathname)}`;
  useEffect(() => {
    if (mustLogIn) router.replace(loginHref);
  }, [mustLogIn, loginHref, router]);
  if (!mustLogIn) return children;
  return (
    <main data-testid="login-required" className="mx-auto max-w-sm px-6 py-16 text-sm">
      <p>
        Reading needs a login here.{" "}
        <Link href={loginHref} className="font-medium text-indigo-600 hover:underline dark:text-indigo-400">
          Log in
        </Link>
      </p>
    </main>
  );
}
