import { ConfigFileError } from "@/lib/targets/config-file";
import { discoverDatabases } from "@/lib/targets/discovery";
import { listTargetConfigs } from "@/lib/targets/registry";
import { startStandbySamplers } from "./standby-samplers";

/**
 * Runs before the primaries' samplers: a bad targets file stops start-up here with the field
 * at fault; then the databases to discover are added, and the standbys' samplers start.
 */
export const fleetService = {
  name: "fleet",
  async start() {
    try {
      listTargetConfigs();
    } catch (error) {
      if (!(error instanceof ConfigFileError)) throw error;
      console.error(`[indexwatch] cannot start: ${error.message}`);
      process.exit(1);
    }
    await discoverDatabases();
    startStandbySamplers();
  },
};
