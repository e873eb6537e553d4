"use client";

import { type Query, useQueryClient } from "@tanstack/react-query";
import { useCallback, useRef, useSyncExternalStore } from "react";
import { ApiError, errorMessage } from "./api";
import { queryKeys } from "./query-keys";

export interface TargetFreshness {
  /** When the page's data last arrived (browser clock, ms), or null if it never did. */
  lastSuccessAt: number | null;
  /** The database clock when that data was sampled. */
  sampledAt: string | null;
  hasData: boolean;
  isFetching: boolean;
  /** Set while the latest poll of some shown query failed. */
  failure: { message: string; status: number | null; unreachable: boolean } | null;
}

const EMPTY: TargetFreshness = {
  lastSuccessAt: null,
  sampledAt: null,
  hasData: false,
  isFetching: false,
  failure: null,
};

function sampledAtOf(data: unknown): string | null {
  if (data && typeof data === "object" && "sampledAt" in data && typeof data.sampledAt === "string") {
    return data.sampledAt;
  }
  return null;
}

function summarize(queries: Query[]): TargetFreshness {
  if (queries.length === 0) return EMPTY;
  let lastSuccessAt: number | null = null;
  let sampledAt: string | null = null;
  let hasData = false;
  let isFetching = false;
  let failing: Query | null = null;
  for (const q of queries) {
    const s = q.state;
    if (s.fetchStatus === "fetching") isFetching = true;
    if (s.data !== undefined) hasData = true;
    if (s.dataUpdatedAt > 0 && (lastSuccessAt === null || s.dataUpdatedAt > lastSuccessAt)) {
      lastSuccessAt = s.dataUpdatedAt;
      sampledAt = sampledAtOf(s.data);
    }
    // A 4xx (an unknown oid, a bad request) says nothing about the target's health.
    const clientError = s.error instanceof ApiError && s.error.status >= 400 && s.error.status < 500;
    if (
      s.status === "error" &&
      s.error &&
      !clientError &&
      (!failing || s.errorUpdatedAt > failing.state.errorUpdatedAt)
    ) {
      failing = q;
    }
  }
  const error = failing?.state.error;
  const failure = error
    ? {
        message: errorMessage(error),
        status: error instanceof ApiError ? error.status : null,
        unreachable: error instanceof ApiError && error.isUnreachable,
      }
    : null;
  return { lastSuccessAt, sampledAt, hasData, isFetching, failure };
}

const [TARGET_ROOT] = queryKeys.target("");

/**
 * A query of the target's page: keyed under `["target", id]`, or kept elsewhere for its own
 * invalidations (the audit log, the digest) and naming the target in `meta.targetId`.
 */
function isAboutTarget(query: Query, targetId: string): boolean {
  const [root, id] = query.queryKey;
  return (root === TARGET_ROOT && id === targetId) || query.meta?.targetId === targetId;
}

function sameFreshness(a: TargetFreshness, b: TargetFreshness): boolean {
  return (
    a.lastSuccessAt === b.lastSuccessAt &&
    a.sampledAt === b.sampledAt &&
    a.hasData === b.hasData &&
    a.isFetching === b.isFetching &&
    a.failure?.message === b.failure?.message &&
    a.failure?.status === b.failure?.status &&
    a.failure?.unreachable === b.failure?.unreachable
  );
}

/**
 * How fresh the data shown for a target is, across whichever page's queries about it are mounted:
 * the shell's "updated 12 s ago" and its unreachable banner read this.
 */
export function useTargetFreshness(targetId: string): TargetFreshness {
  const queryClient = useQueryClient();
  const cache = queryClient.getQueryCache();
  const last = useRef<TargetFreshness>(EMPTY);

  const subscribe = useCallback((onChange: () => void) => cache.subscribe(onChange), [cache]);
  const getSnapshot = useCallback(() => {
    const next = summarize(cache.findAll({ type: "active", predicate: (q) => isAboutTarget(q, targetId) }));
    if (!sameFreshness(last.current, next)) last.current = next;
    return last.current;
  }, [cache, targetId]);

  return useSyncExternalStore(subscribe, getSnapshot, () => EMPTY);
}
