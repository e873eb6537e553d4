import { standbyServerId } from "@/lib/config/targets-file";
import type { TargetConfig } from "./registry";

/** One PostgreSQL server of a target: the primary, or a standby with counters of its own. */
export interface TargetServer {
  /** The id its samples are stored under: the target's id for the primary. */
  serverId: string;
  targetId: string;
  role: "primary" | "standby";
  name: string;
  url: string;
}

export function serversOf(target: TargetConfig): TargetServer[] {
  return [
    { serverId: target.id, targetId: target.id, role: "primary", name: "primary", url: target.url },
    ...(target.standbys ?? []).map(
      (s): TargetServer => ({
        serverId: standbyServerId(target.id, s.id),
        targetId: target.id,
        role: "standby",
        name: s.name,
        url: s.url,
      }),
    ),
  ];
}

/** A standby's server as a target-shaped config, so that pools and samplers take it as is. */
export function serverAsTarget(server: TargetServer): TargetConfig {
  return { id: server.serverId, name: server.name, url: server.url };
}
