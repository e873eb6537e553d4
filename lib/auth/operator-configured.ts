import { env } from "@/lib/config/env";
import { configuredUsers } from "./users";

/**
 * Can anyone act (REINDEX, DROP, clean-up)? Only a user with the operator role can, and the
 * only ones are OPERATOR_PASSWORD's `operator` and INDEXWATCH_USERS. Without one, the start
 * and the login page say so, instead of a login that only ever answers "wrong password".
 */
export async function operatorConfigured(): Promise<boolean> {
  if (env().OPERATOR_PASSWORD) return true;
  return (await configuredUsers()).some((user) => user.role === "operator");
}

/** What to tell a person who wants to act on an instance with no operator. */
export const HOW_TO_ADD_AN_OPERATOR =
  'set OPERATOR_PASSWORD (the user "operator"), or add a user with "role": "operator" to INDEXWATCH_USERS, then restart';
