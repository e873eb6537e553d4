import type pg from "pg";
import { z } from "zod";
import { env } from "@/lib/config/env";
import { queryRows } from "@/lib/db/query";
import { storePool } from "@/lib/store/pool";
import { storeToday } from "@/lib/store/usage-reads";
import { buildDigest } from "./build-digest";
import { lastCompletedWeek } from "./iso-week";
import { postDigest, type WebhookOutcome } from "./webhook";

const CHECK_EVERY_MS = 60 * 60_000;
/** A claim whose post never finished (the process died) is taken over after this long. */
const STALE_CLAIM = "30 minutes";

/**
 * Claims the week in the store so that, of all app processes sharing it, exactly one posts
 * it. A failed post releases the claim, so the next check retries.
 */
async function claimWeek(store: pg.Pool, week: string): Promise<boolean> {
  const rows = await queryRows(
    store,
    "digest_post_claim",
    `INSERT INTO digest_posts AS p (week) VALUES ($1)
     ON CONFLICT (week) DO UPDATE SET claimed_at = now(), error = NULL
      WHERE p.posted_at IS NULL AND p.claimed_at < now() - $2::interval
     RETURNING week`,
    [week, STALE_CLAIM],
    z.object({ week: z.string() }),
  );
  return rows.length === 1;
}

async function recordOutcome(store: pg.Pool, week: string, outcome: WebhookOutcome) {
  if (outcome.ok) {
    await store.query(
      "/* indexwatch:digest_post_done */ UPDATE digest_posts SET posted_at = now(), status = $2, error = NULL WHERE week = $1",
      [week, outcome.status],
    );
  } else {
    await store.query(
      "/* indexwatch:digest_post_release */ DELETE FROM digest_posts WHERE week = $1 AND posted_at IS NULL",
      [week],
    );
  }
}

/** Posts the last finished week's fleet digest unless some process already did. */
export async function postDueDigest(
  store: pg.Pool,
  url: string,
): Promise<{ week: string; posted: boolean; outcome: WebhookOutcome | null }> {
  const week = lastCompletedWeek(await storeToday(store));
  if (!(await claimWeek(store, week.week))) return { week: week.week, posted: false, outcome: null };
  let outcome: WebhookOutcome;
  try {
    outcome = await postDigest(url, await buildDigest(store, week, null));
  } catch (error) {
    outcome = { ok: false, status: null, error: error instanceof Error ? error.message : String(error) };
  }
  await recordOutcome(store, week.week, outcome);
  return { week: week.week, posted: outcome.ok, outcome };
}

const state = globalThis as unknown as { __indexwatchDigestTimer?: NodeJS.Timeout };

/** Background service: once an hour, post last week's digest if it is due (DIGEST_WEBHOOK_URL). */
export const digestPosterService = {
  name: "digest webhook",
  start() {
    const e = env();
    const url = e.DIGEST_WEBHOOK_URL;
    if (!url || !e.STORE_URL || state.__indexwatchDigestTimer) return;
    const check = async () => {
      try {
        const result = await postDueDigest(storePool(), url);
        if (result.outcome && !result.outcome.ok)
          console.error(`[indexwatch] digest ${result.week} not posted: ${result.outcome.error}`);
        else if (result.posted) console.log(`[indexwatch] digest ${result.week} posted`);
      } catch (error) {
        console.error(`[indexwatch] digest check failed: ${String(error)}`);
      }
    };
    state.__indexwatchDigestTimer = setInterval(check, CHECK_EVERY_MS);
    state.__indexwatchDigestTimer.unref?.();
    void check();
  },
};
