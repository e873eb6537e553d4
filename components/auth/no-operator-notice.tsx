import { HOW_TO_ADD_AN_OPERATOR, operatorConfigured } from "@/lib/auth/operator-configured";
import { env } from "@/lib/config/env";

/**
 * Shown on the login page when no one on this instance can act: without it, a login as
 * "operator" only ever answers "wrong user name or password". A read-only instance needs
 * no operator, so it says nothing there.
 */
export async function NoOperatorNotice() {
  if (env().READ_ONLY || (await operatorConfigured())) return null;
  return (
    <div
      role="status"
      className="mb-6 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm leading-6 text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-200"
    >
      <p className="font-medium">No operator is configured: no one can rebuild or drop indexes here.</p>
      <p className="mt-1">To add one, {HOW_TO_ADD_AN_OPERATOR}.</p>
    </div>
  );
}
