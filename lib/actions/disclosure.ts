import type { SessionUser } from "@/lib/auth/roles";
import type { ActionJson } from "./types";

/**
 * Another session's query text can hold anything its author typed, literals included
 * (customer e-mails, tokens): only operators read it. Everyone else sees who the session
 * is (pid, application name, state, for how long), which is enough to know whom to ask.
 */

/** Everything but letters, digits and a few marks: an application name cannot fake our format. */
const plain = (value: string | null, max: number) =>
  (value ?? "").replace(/[^A-Za-z0-9 _.:/@-]/g, "?").slice(0, max) || "?";

export function describeHolder(holder: {
  pid: number;
  query: string | null;
  state?: string | null;
  application_name?: string | null;
  query_seconds?: number | null;
}): string {
  const query = (holder.query ?? "").replace(/\s+/g, " ").trim();
  const who = `pid ${holder.pid} (application "${plain(holder.application_name ?? null, 64)}", state ${plain(
    holder.state ?? null,
    40,
  )}, for ${Math.max(0, holder.query_seconds ?? 0)} s)`;
  return `${who} running ${query.length > 0 ? query.slice(0, 300) : "(query not visible)"}`;
}

// The query is always last in a holder description, and a holder always ends the lock
// message it appears in; rows written before descriptions named the application match too.
const HOLDER_QUERY = /(\bpid \d+(?: \(application "[^"]*", state [^,()]*, for \d+ s\))?) running [\s\S]*$/;
export const HIDDEN_QUERY = "running a query (its text is shown to operators)";

export function withoutQueryText(text: string | null): string | null {
  return text === null ? null : text.replace(HOLDER_QUERY, `$1 ${HIDDEN_QUERY}`);
}

/** The action as this reader may see it: lock holders' query texts for operators only. */
export function actionFor(reader: SessionUser | null, action: ActionJson): ActionJson {
  if (reader?.role === "operator") return action;
  return {
    ...action,
    lockHolder: withoutQueryText(action.lockHolder),
    error: withoutQueryText(action.error),
  };
}
