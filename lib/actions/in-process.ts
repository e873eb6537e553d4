/**
 * What this app process knows of its own actions: the runs in flight, and the outcomes it
 * could not write because the store was away (the reconciler writes them when it is back).
 * On globalThis so that Next.js dev reloads share one copy.
 */
const state = globalThis as unknown as {
  __indexwatchRunning?: Map<number, Promise<void>>;
  __indexwatchLostOutcomes?: Map<number, string>;
};
state.__indexwatchRunning ??= new Map();
state.__indexwatchLostOutcomes ??= new Map();

export const runsInFlight = state.__indexwatchRunning;

export function isRunningHere(id: number): boolean {
  return runsInFlight.has(id);
}

/** The error a run ended with when the store could not take it (the first one told is the cause). */
export function rememberLostOutcome(id: number, error: string): void {
  if (!state.__indexwatchLostOutcomes?.has(id)) state.__indexwatchLostOutcomes?.set(id, error);
}

export function lostOutcome(id: number): string | null {
  return state.__indexwatchLostOutcomes?.get(id) ?? null;
}

export function forgetLostOutcome(id: number): void {
  state.__indexwatchLostOutcomes?.delete(id);
}
