/** Two roles: a viewer reads, an operator also acts (REINDEX, DROP, clean-up, cancel). */
export const ROLES = ["viewer", "operator"] as const;
export type Role = (typeof ROLES)[number];

export interface SessionUser {
  username: string;
  role: Role;
}

export function canAct(user: SessionUser | null): boolean {
  return user?.role === "operator";
}
