import { isConnectionError } from "@/lib/db/pool";
import { StoreUnavailableError } from "@/lib/errors";

/** Runs a store read; a store that is down answers 503 store_unavailable, not 500. */
export async function readingStore<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (isConnectionError(error)) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new StoreUnavailableError(`the history store cannot be reached: ${reason}`);
    }
    if ((error as { code?: unknown }).code === "42P01") {
      throw new StoreUnavailableError("the history store is not migrated yet");
    }
    throw error;
  }
}
