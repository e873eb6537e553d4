import type { FindingKind } from "@/lib/analysis/types";

/** The weekly digest: the seed's weekly checklist as one generated report (JSON export shape). */

export interface DigestIndexUsage {
  schema: string;
  table: string;
  name: string;
  scans: number;
  lastWeekScans: number;
  /** Relative change from last week; null when last week had none. */
  changeRatio: number | null;
}

export interface DigestGrowth {
  schema: string;
  table: string;
  name: string;
  sizeBefore: number;
  sizeAfter: number;
  growthBytes: number;
}

export interface DigestFinding {
  key: string;
  kind: FindingKind;
  schema: string;
  table: string;
  index: string | null;
  evidence: string;
  safeToDrop: boolean;
}

export interface DigestAction {
  id: number;
  kind: string;
  status: string;
  username: string;
  requestedAt: string;
  schema: string;
  table: string;
  index: string | null;
  durationMs: number | null;
}

export interface TargetDigest {
  targetId: string;
  name: string;
  /** Servers whose usage is summed here: the primary and its standbys. */
  servers: string[];
  /** False when a server was not observed the whole week (unreachable, store gap, no history). */
  complete: boolean;
  simulated: boolean;
  totals: { scans: number; lastWeekScans: number; indexes: number; usedIndexes: number };
  mostUsed: DigestIndexUsage[];
  newlyUnused: DigestIndexUsage[];
  newlyUsed: DigestIndexUsage[];
  growth: DigestGrowth[];
  totalGrowthBytes: number;
  /** Null when findings are not available for this week (only the latest weeks are computed live). */
  newFindings: DigestFinding[] | null;
  openFindings: number | null;
  findingsNote: string | null;
  actions: DigestAction[];
  events: Array<{ at: string; kind: string; detail: string; server: string }>;
}

export interface Digest {
  week: string;
  from: string;
  to: string;
  scope: "target" | "fleet";
  generatedAt: string;
  targets: TargetDigest[];
}
