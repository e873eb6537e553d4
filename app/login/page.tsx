import type { Metadata } from "next";
import Link from "next/link";
import { LoginForm } from "@/components/auth/login-form";
import { NoOperatorNotice } from "@/components/auth/no-operator-notice";
import { safeNextPath } from "@/lib/auth/safe-next";

export const metadata: Metadata = { title: "Log in" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string | string[] }>;
}) {
  const { next } = await searchParams;
  return (
    <main className="mx-auto max-w-sm px-6 py-16">
      <Link href="/" className="text-sm font-semibold tracking-tight text-indigo-600 dark:text-indigo-400">
        indexwatch
      </Link>
      <h1 className="mt-1 mb-6 text-xl font-semibold">Log in</h1>
      <NoOperatorNotice />
      <LoginForm next={safeNextPath(next)} />
      <p className="mt-6 text-xs leading-5 text-neutral-500 dark:text-neutral-400">
        Viewers read; operators can also rebuild and drop indexes. Users are configured on the server
        (OPERATOR_PASSWORD, VIEWER_PASSWORD, INDEXWATCH_USERS).
      </p>
    </main>
  );
}
