/**
 * Query key factory. Everything about one target lives under `["target", id]` so the shell
 * can watch a target's freshness across whatever page is showing; the target list is apart.
 */
export const queryKeys = {
  targets: () => ["targets"] as const,
  target: (targetId: string) => ["target", targetId] as const,
  indexInventory: (targetId: string) => ["target", targetId, "indexes"] as const,
  /** By OID or identity key (lib/indexes/index-ref). */
  indexDetail: (targetId: string, ref: string | number) => ["target", targetId, "indexes", ref] as const,
};

/** Poll every 15 s while the tab is visible; a hidden tab pauses (the refetch on focus resumes it). */
export const POLL_INTERVAL_MS = 15_000;

export const pollingOptions = {
  refetchInterval: POLL_INTERVAL_MS,
  refetchIntervalInBackground: false,
} as const;
