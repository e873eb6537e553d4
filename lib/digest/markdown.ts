import type { Digest, DigestIndexUsage, TargetDigest } from "./types";

const count = new Intl.NumberFormat("en-US");
const UNITS = ["bytes", "kB", "MB", "GB", "TB"];

function bytes(n: number): string {
  const sign = n < 0 ? "-" : "";
  let value = Math.abs(n);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${sign}${unit === 0 ? value : value.toFixed(1).replace(/\.0$/, "")} ${UNITS[unit]}`;
}

/** Pipes and newlines in names would break a Markdown table cell. */
const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
const qualified = (i: { schema: string; table: string; name: string }) =>
  `\`${cell(i.schema)}.${cell(i.name)}\` on \`${cell(i.table)}\``;

function change(i: DigestIndexUsage): string {
  if (i.changeRatio === null) return i.lastWeekScans === 0 && i.scans > 0 ? "new" : "—";
  const pct = Math.round(i.changeRatio * 100);
  return `${pct >= 0 ? "+" : ""}${pct}%`;
}

function usageTable(rows: DigestIndexUsage[]): string[] {
  return [
    "| Index | Scans | Last week | Change |",
    "|---|---:|---:|---:|",
    ...rows.map(
      (r) =>
        `| ${qualified(r)} | ${count.format(r.scans)} | ${count.format(r.lastWeekScans)} | ${change(r)} |`,
    ),
  ];
}

function section(title: string, lines: string[], empty: string): string[] {
  return [`### ${title}`, "", ...(lines.length ? lines : [`_${empty}_`]), ""];
}

function targetMarkdown(t: TargetDigest): string[] {
  const out = [`## ${cell(t.name)} (\`${t.targetId}\`)`, ""];
  const notes: string[] = [];
  if (t.servers.length > 1)
    notes.push(`usage summed over ${t.servers.length} servers: ${t.servers.join(", ")}`);
  if (!t.complete && !t.simulated) notes.push("**incomplete**: a server was not observed for the whole week");
  if (!t.complete && t.simulated)
    notes.push("**not observed**: this week comes, at least in part, from simulated demo history");
  if (t.simulated && t.complete) notes.push("includes simulated demo history");
  out.push(
    `${count.format(t.totals.scans)} index scans (last week ${count.format(t.totals.lastWeekScans)}); ` +
      `${t.totals.usedIndexes} of ${t.totals.indexes} indexes used.`,
    "",
  );
  if (notes.length) out.push(...notes.map((n) => `> ${n}`), "");
  out.push(
    ...section(
      "Most used indexes",
      t.mostUsed.length ? usageTable(t.mostUsed) : [],
      "no index scans this week",
    ),
  );
  out.push(...section("Newly unused", t.newlyUnused.length ? usageTable(t.newlyUnused) : [], "none"));
  out.push(...section("Newly used", t.newlyUsed.length ? usageTable(t.newlyUsed) : [], "none"));
  out.push(
    ...section(
      `Growth in size (${bytes(t.totalGrowthBytes)} in all)`,
      t.growth.map(
        (g) =>
          `- ${qualified(g)}: ${bytes(g.sizeBefore)} → ${bytes(g.sizeAfter)} (${g.growthBytes >= 0 ? "+" : ""}${bytes(g.growthBytes)})`,
      ),
      "no size changes recorded",
    ),
  );
  const findings =
    t.newFindings === null
      ? [`_${t.findingsNote ?? "not available"}_`]
      : t.newFindings.map(
          (f) =>
            `- **${f.kind}** ${f.index ? `\`${cell(f.schema)}.${cell(f.index)}\`` : `\`${cell(f.schema)}.${cell(f.table)}\``}: ${cell(f.evidence)}${f.kind === "unused" ? (f.safeToDrop ? " (safe to drop)" : " (not safe to drop)") : ""}`,
        );
  out.push(
    ...section(
      `New findings${t.openFindings !== null ? ` (${t.openFindings} open)` : ""}`,
      t.newFindings !== null && t.findingsNote ? [...findings, "", `_${t.findingsNote}_`] : findings,
      "none",
    ),
  );
  out.push(
    ...section(
      "Actions taken",
      t.actions.map(
        (a) =>
          `- ${a.requestedAt.slice(0, 16).replace("T", " ")} UTC: ${a.kind} of \`${cell(a.schema)}.${cell(a.index ?? a.table)}\` by ${cell(a.username)}: ${a.status}${a.durationMs !== null ? ` in ${Math.round(a.durationMs / 1000)} s` : ""}`,
      ),
      "no actions",
    ),
  );
  if (t.events.length)
    out.push(
      ...section(
        "Server events",
        t.events.map(
          (e) => `- ${e.at.slice(0, 16).replace("T", " ")} UTC, ${e.server}: ${e.kind}: ${cell(e.detail)}`,
        ),
        "",
      ),
    );
  return out;
}

/** The digest as Markdown: for the export and the webhook's `text`. */
export function digestMarkdown(d: Digest): string {
  const title = d.scope === "fleet" ? "Fleet" : (d.targets[0]?.name ?? "Target");
  return [
    `# indexwatch weekly digest: ${cell(title)}, ${d.week}`,
    "",
    `Week ${d.week} (${d.from} to ${d.to}, UTC). Generated ${d.generatedAt}.`,
    "",
    ...d.targets.flatMap(targetMarkdown),
  ]
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trimEnd()
    .concat("\n");
}
