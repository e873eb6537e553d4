import { z } from "zod";
import { env } from "@/lib/config/env";
import { queryRows } from "@/lib/db/query";
import { storePool } from "./pool";
import { readingStore } from "./store-errors";

const UNDEFINED_TABLE = "42P01";

/** Ends a session for every app process; expired entries are cleared on the way. */
export async function revokeSession(sessionId: string, expiresAtSeconds: number): Promise<void> {
  await readingStore(async () => {
    const pool = storePool();
    await pool.query(
      "/* indexwatch:store_revoke_session */ INSERT INTO revoked_session (session_id, expires_at) VALUES ($1, to_timestamp($2)) ON CONFLICT (session_id) DO NOTHING",
      [sessionId, expiresAtSeconds],
    );
    await pool.query(
      "/* indexwatch:store_forget_expired_revocations */ DELETE FROM revoked_session WHERE expires_at < now()",
    );
  });
}

/**
 * Whether a logout ended this session. No store configured, or one whose schema predates
 * revocations, holds none (logging out needs the table, so none can have been made).
 */
export async function isSessionRevoked(sessionId: string): Promise<boolean> {
  if (!env().STORE_URL) return false;
  return readingStore(async () => {
    try {
      const rows = await queryRows(
        storePool(),
        "store_session_revoked",
        "SELECT 1 AS revoked FROM revoked_session WHERE session_id = $1",
        [sessionId],
        z.object({ revoked: z.literal(1) }),
      );
      return rows.length > 0;
    } catch (error) {
      if ((error as { code?: unknown }).code === UNDEFINED_TABLE) return false;
      throw error;
    }
  });
}
