"use client";

import { useMutation } from "@tanstack/react-query";
import type { WhatIfDropResult } from "@/lib/advisor/what-if-drop";
import { sendJson } from "./use-actions-api";

/** "What would get slower?": one re-planning of the index's statements with it hidden, on demand. */
export function useWhatIfDrop(targetId: string, oid: number) {
  return useMutation({
    mutationFn: () =>
      sendJson<WhatIfDropResult>(
        "POST",
        `/api/v1/targets/${encodeURIComponent(targetId)}/indexes/${oid}/what-if-drop`,
      ),
  });
}
