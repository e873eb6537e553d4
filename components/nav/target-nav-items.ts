/**
 * The target's sections, in nav order. Features add theirs by appending an entry;
 * `hrefSuffix` is appended to `/targets/{id}` ("" is the overview).
 */
export interface TargetNavItem {
  hrefSuffix: string;
  label: string;
}

export const targetNavItems: TargetNavItem[] = [
  { hrefSuffix: "", label: "Overview" },
  { hrefSuffix: "/indexes", label: "Indexes" },
  { hrefSuffix: "/unused", label: "Unused" },
  { hrefSuffix: "/findings", label: "Findings" },
  { hrefSuffix: "/weekly", label: "Weekly usage" },
  { hrefSuffix: "/queries", label: "Queries" },
  { hrefSuffix: "/actions", label: "Actions" },
  { hrefSuffix: "/digest", label: "Digest" },
];

export function targetBasePath(targetId: string): string {
  return `/targets/${encodeURIComponent(targetId)}`;
}
