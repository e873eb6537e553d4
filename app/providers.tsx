"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState } from "react";
import { ReadGate } from "@/components/auth/read-gate";

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Polling refreshes every 15 s; a page switch within that reuses what is there.
        staleTime: 10_000,
        refetchOnWindowFocus: true,
        // A failed poll keeps the last good data (React Query's default): the banner says how old.
      },
    },
  });
}

export function Providers({ children }: { children: React.ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <ReadGate>{children}</ReadGate>
    </QueryClientProvider>
  );
}
