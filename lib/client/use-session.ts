"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { SessionUser } from "@/lib/auth/roles";
import { fetchJson } from "./api";
import { sendJson } from "./use-actions-api";

export interface SessionInfo {
  user: SessionUser | null;
  readOnly: boolean;
  readAnonymous: boolean;
  /** An operator is logged in and actions are not turned off. */
  canAct: boolean;
}

const SESSION_KEY = ["session"] as const;

export function useSession() {
  return useQuery({
    queryKey: SESSION_KEY,
    queryFn: ({ signal }) => fetchJson<SessionInfo>("/api/v1/session", { signal }),
    staleTime: 30_000,
    retry: false,
  });
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (credentials: { username: string; password: string; next?: string }) =>
      sendJson<{ user: SessionUser; canAct: boolean; next: string }>("POST", "/api/v1/session", credentials),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: SESSION_KEY }),
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => sendJson<{ user: null }>("DELETE", "/api/v1/session"),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: SESSION_KEY }),
  });
}
