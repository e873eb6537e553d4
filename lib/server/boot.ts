import { env } from "@/lib/config/env";
import { digestPosterService } from "@/lib/digest/weekly-poster";
import { fleetService } from "@/lib/fleet/service";
import { samplerService } from "@/lib/sampler/service";
import { migrateStore } from "@/lib/store/migrate";
import { storePool } from "@/lib/store/pool";

/** Work that starts once per server process: later features register theirs here. */
export type BackgroundService = { name: string; start(): Promise<void> | void };
const services: BackgroundService[] = [];

export function registerBackgroundService(service: BackgroundService) {
  services.push(service);
}

// The fleet first: it checks the targets file and adds discovered databases before sampling.
registerBackgroundService(fleetService);
registerBackgroundService(samplerService);
registerBackgroundService(digestPosterService);

const state = globalThis as unknown as { __indexwatchBooted?: boolean };

export async function boot() {
  if (state.__indexwatchBooted) return;
  state.__indexwatchBooted = true;
  if (env().STORE_URL) {
    try {
      await migrateStore(storePool());
    } catch (error) {
      // A store that is down must not keep the dashboard from serving live data.
      console.error(`[indexwatch] store migration failed, will retry with the sampler: ${String(error)}`);
    }
  }
  for (const service of services) {
    try {
      await service.start();
    } catch (error) {
      console.error(`[indexwatch] ${service.name} did not start: ${String(error)}`);
    }
  }
}
