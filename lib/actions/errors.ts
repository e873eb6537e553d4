import { ConflictError, DomainError } from "@/lib/errors";

/** The action cannot run on this object (a standby, a system catalog, an exclusion index…). */
export class ActionRefusedError extends DomainError {
  override readonly status = 422;
  override readonly code = "action_refused";
}

/** Another action holds the table: the answer names it so the caller can follow it. */
export class ActionAlreadyRunningError extends ConflictError {
  constructor(
    message: string,
    readonly runningActionId: number,
  ) {
    super(message, { runningActionId });
  }
}
