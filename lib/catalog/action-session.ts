import { z } from "zod";
import { pgInt } from "@/lib/db/columns";
import { type Queryable, queryOne } from "@/lib/db/query";

const claimedRow = z.object({ pid: pgInt.pipe(z.number().int().positive()) });

/**
 * Makes a held connection one action's own, in one round trip: its application_name (how a
 * cancel finds this backend and no other), its lock_timeout, no statement timeout (a build
 * takes what it takes), and its pid for the progress reads.
 */
export async function claimActionSession(
  db: Queryable,
  applicationName: string,
  lockTimeoutMs: number,
): Promise<{ pid: number }> {
  return queryOne(
    db,
    "action_session_claim",
    `SELECT pg_backend_pid() AS pid,
            set_config('application_name', $1, false), set_config('lock_timeout', $2, false),
            set_config('statement_timeout', '0', false),
            set_config('idle_in_transaction_session_timeout', '0', false)`,
    [applicationName, `${Math.trunc(lockTimeoutMs)}ms`],
    claimedRow,
  );
}

const renamedRow = z.object({ application_name: z.string() });

/** Renames a finished action's connection so that nothing aimed at that action reaches it. */
export async function renameActionSession(db: Queryable, applicationName: string): Promise<void> {
  await queryOne(
    db,
    "action_session_rename",
    "SELECT set_config('application_name', $1, false) AS application_name",
    [applicationName],
    renamedRow,
  );
}
