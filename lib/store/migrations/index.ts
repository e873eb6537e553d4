import { historyMigration } from "./0001_history";
import { findingsIgnoresMigration } from "./0002_findings_ignores";
import { actionsAuditMigration } from "./0003_actions_audit";
import { digestMigration } from "./0004_digest";
import { usageRollupsMigration } from "./0005_usage_rollups";
import { databaseActivityMigration } from "./0006_database_activity";
import { identityFillfactorMigration } from "./0007_identity_fillfactor";
import { revokedSessionsMigration } from "./0008_revoked_sessions";
import { actionsTruthMigration } from "./0009_actions_truth";
import { indexLineageMigration } from "./0010_index_lineage";
import { statementHistoryMigration } from "./0011_statement_history";
import { compactPollDeltasMigration } from "./0013_compact_poll_deltas";
import { statementPlansMigration } from "./0015_statement_plans";

/**
 * The store's schema, as numbered migrations applied in order at start (lib/store/migrate.ts).
 * Each feature adds its own file and one line here; a released migration never changes.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  historyMigration,
  findingsIgnoresMigration,
  actionsAuditMigration,
  digestMigration,
  usageRollupsMigration,
  databaseActivityMigration,
  identityFillfactorMigration,
  revokedSessionsMigration,
  actionsTruthMigration,
  indexLineageMigration,
  statementHistoryMigration,
  compactPollDeltasMigration,
  statementPlansMigration,
];
