import type { ActionStatus } from "@/lib/actions/types";
import { STATUS_TONES } from "./action-labels";

export function StatusBadge({ status }: { status: ActionStatus }) {
  return (
    <span
      data-testid="action-status"
      data-status={status}
      className={`inline-flex items-center rounded border px-1.5 py-0.5 text-xs font-medium ${STATUS_TONES[status]}`}
    >
      {status}
    </span>
  );
}
