import { formatSpan } from "@/components/format";
import type { FleetServer } from "@/lib/fleet/fleet-summary";

function tone(server: FleetServer): { dot: string; label: string } {
  if (!server.reachable) return { dot: "bg-red-500", label: "unreachable" };
  if (server.samplerStatus === "unreachable")
    return { dot: "bg-amber-500", label: "sampler cannot reach it" };
  if (server.samplerStatus === "never_sampled") return { dot: "bg-amber-400", label: "not sampled yet" };
  return { dot: "bg-emerald-500", label: "reachable" };
}

/** One line per server of a target: reachable or not, and how old its last stored sample is. */
export function ServerHealth({ servers }: { servers: FleetServer[] }) {
  return (
    <ul className="space-y-0.5">
      {servers.map((s) => {
        const t = tone(s);
        return (
          <li
            key={s.serverId}
            className="flex items-center gap-1.5 text-xs"
            data-testid="fleet-server"
            data-server={s.serverId}
            data-reachable={s.reachable}
            title={s.error ?? undefined}
          >
            <span aria-hidden="true" className={`size-2 shrink-0 rounded-full ${t.dot}`} />
            <span className="font-medium">{s.role === "primary" ? "primary" : `standby ${s.name}`}</span>
            <span className="text-neutral-500 dark:text-neutral-400">
              {t.label}
              {s.lagSeconds !== null ? ` · sampled ${formatSpan(s.lagSeconds * 1000)} ago` : ""}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
