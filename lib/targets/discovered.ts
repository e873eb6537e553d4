import type { TargetConfig } from "./registry";

// Filled once at start by the discovery service (lib/targets/discovery.ts); on globalThis so
// that every route module of the process sees the same list.
const state = globalThis as unknown as { __indexwatchDiscovered?: TargetConfig[] };

export function discoveredTargets(): TargetConfig[] {
  return state.__indexwatchDiscovered ?? [];
}

export function setDiscoveredTargets(targets: TargetConfig[]): void {
  state.__indexwatchDiscovered = targets;
}
