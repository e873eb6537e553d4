"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import type { ActionPreview } from "@/lib/actions/preview";
import type { LeftoverJson } from "@/lib/actions/read";
import type { ActionJson, ActionKind } from "@/lib/actions/types";
import { fetchJson, shouldRetry } from "./api";
import { sendJson } from "./use-actions-api";

export interface ActionsFilter {
  target?: string;
  kind?: ActionKind | "";
  status?: string;
  oid?: number | null;
  user?: string;
}

export const actionKeys = {
  all: ["actions"] as const,
  one: (id: number) => ["actions", "one", id] as const,
  list: (filter: ActionsFilter) => ["actions", "list", filter] as const,
  leftovers: (targetId: string, tableOid: number | null) =>
    ["actions", "leftovers", targetId, tableOid] as const,
};

/** Progress is pushed every second while the action runs (the server samples it every 500 ms). */
export const LIVE_INTERVAL_MS = 1_000;
const isLive = (a: ActionJson | undefined) =>
  a !== undefined && (a.status === "queued" || a.status === "running");

export function actionsQueryString(filter: ActionsFilter): string {
  const search = new URLSearchParams();
  if (filter.target) search.set("target", filter.target);
  if (filter.kind) search.set("kind", filter.kind);
  if (filter.status) search.set("status", filter.status);
  if (filter.oid) search.set("oid", String(filter.oid));
  if (filter.user) search.set("user", filter.user);
  return search.toString();
}

export function useAction(id: number | null) {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: actionKeys.one(id ?? 0),
    queryFn: ({ signal }) => fetchJson<ActionJson>(`/api/v1/actions/${id}`, { signal }),
    enabled: id !== null,
    retry: shouldRetry,
    refetchInterval: (query) => (isLive(query.state.data) ? LIVE_INTERVAL_MS : false),
    refetchIntervalInBackground: true,
  });
  // When it finishes, what shows it catches up at once rather than on its next poll: the
  // lists, the leftovers (a clean-up just removed them, a cancel may have left some) and the
  // target's indexes (rebuilt under a new OID, or dropped).
  const finishedOn = query.data !== undefined && !isLive(query.data) ? query.data.targetId : null;
  useEffect(() => {
    if (finishedOn === null) return;
    void queryClient.invalidateQueries({ queryKey: ["actions", "list"] });
    void queryClient.invalidateQueries({ queryKey: ["actions", "leftovers"] });
    void queryClient.invalidateQueries({ queryKey: ["target", finishedOn] });
  }, [finishedOn, queryClient]);
  return query;
}

/** The audit log; refreshed every second while one of its actions runs, else every 15 s. */
export function useActionsList(filter: ActionsFilter) {
  return useQuery({
    queryKey: actionKeys.list(filter),
    // A target's Actions page: its header says how fresh this list is.
    meta: filter.target ? { targetId: filter.target } : undefined,
    queryFn: ({ signal }) =>
      fetchJson<{ actions: ActionJson[] }>(`/api/v1/actions?${actionsQueryString(filter)}`, { signal }),
    retry: shouldRetry,
    refetchInterval: (query) => (query.state.data?.actions.some(isLive) ? LIVE_INTERVAL_MS : 15_000),
  });
}

export function useLeftovers(targetId: string, tableOid: number | null) {
  return useQuery({
    queryKey: actionKeys.leftovers(targetId, tableOid),
    queryFn: ({ signal }) =>
      fetchJson<{ leftovers: LeftoverJson[] }>(
        `/api/v1/targets/${encodeURIComponent(targetId)}/actions/leftovers${tableOid ? `?table=${tableOid}` : ""}`,
        { signal },
      ),
    retry: shouldRetry,
    refetchInterval: 15_000,
  });
}

export function useStartAction(targetId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { kind: ActionKind; oid: number }) =>
      sendJson<{ id: number }>("POST", `/api/v1/targets/${encodeURIComponent(targetId)}/actions`, input),
    onSettled: () => queryClient.invalidateQueries({ queryKey: actionKeys.all }),
  });
}

export function useCancelAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => sendJson<{ status: string }>("POST", `/api/v1/actions/${id}/cancel`),
    onSettled: (_data, _error, id) => queryClient.invalidateQueries({ queryKey: actionKeys.one(id) }),
  });
}

/** The exact SQL an action would run, or why it would be refused: for its confirmation. */
export function useActionPreview(targetId: string, request: { kind: ActionKind; oid: number } | null) {
  return useQuery({
    queryKey: ["actions", "preview", targetId, request?.kind, request?.oid],
    queryFn: ({ signal }) =>
      fetchJson<ActionPreview>(
        `/api/v1/targets/${encodeURIComponent(targetId)}/actions/preview?${new URLSearchParams({
          kind: request?.kind ?? "",
          oid: String(request?.oid ?? ""),
        })}`,
        { signal },
      ),
    enabled: request !== null,
    retry: shouldRetry,
    // Read when the dialog opens, never from an older opening.
    staleTime: 0,
    gcTime: 0,
  });
}
