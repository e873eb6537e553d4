import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-[60vh] max-w-lg flex-col justify-center px-6 py-16">
      <p className="text-sm font-semibold text-indigo-600 dark:text-indigo-400">404</p>
      <h1 className="mt-1 text-2xl font-semibold text-neutral-900 dark:text-neutral-50">Page not found</h1>
      <p className="mt-2 text-sm text-neutral-600 dark:text-neutral-300">
        There is nothing at this address. If you followed a link to a target, it may no longer be configured.
      </p>
      <Link
        href="/"
        className="mt-6 inline-flex w-fit rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500"
      >
        Go to the dashboard
      </Link>
    </main>
  );
}
