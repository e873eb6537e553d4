import { digestMarkdown } from "./markdown";
import type { Digest } from "./types";

export interface WebhookOutcome {
  ok: boolean;
  status: number | null;
  error: string | null;
}

/**
 * POSTs the digest as JSON: `text` (Markdown, what Slack-, Mattermost- and Teams-style
 * incoming webhooks display) and `digest` (the JSON export). Never throws: the caller records
 * the outcome.
 */
export async function postDigest(url: string, digest: Digest, timeoutMs = 10_000): Promise<WebhookOutcome> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "User-Agent": "indexwatch-digest" },
      body: JSON.stringify({ text: digestMarkdown(digest), digest }),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: "error",
    });
    await response.arrayBuffer().catch(() => undefined);
    return {
      ok: response.ok,
      status: response.status,
      error: response.ok ? null : `answered ${response.status}`,
    };
  } catch (error) {
    return { ok: false, status: null, error: error instanceof Error ? error.message : String(error) };
  }
}
