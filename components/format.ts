/** Display formatting shared by cards, charts and tables. Fixed locale: output is stable. */

const LOCALE = "en-US";
const countFormat = new Intl.NumberFormat(LOCALE);
const compactFormat = new Intl.NumberFormat(LOCALE, { notation: "compact", maximumFractionDigits: 1 });
const BYTE_UNITS = ["bytes", "kB", "MB", "GB", "TB", "PB"] as const;

/** "12.3 MB" (1024-based, units as pg_size_pretty writes them); null → "—". */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return "—";
  if (Math.abs(bytes) < 1024) return `${bytes} ${bytes === 1 ? "byte" : "bytes"}`;
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = Math.abs(value) >= 100 ? 0 : 1;
  const text = value.toFixed(digits).replace(/\.0$/, "");
  return `${text} ${BYTE_UNITS[unit]}`;
}

/** "1,234,567"; null → "—". */
export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "—";
  return countFormat.format(n);
}

/** "1.2K", "3.4M": for chart axes. */
export function formatCompact(n: number): string {
  return compactFormat.format(n);
}

export function formatPercent(part: number, whole: number): string {
  if (whole <= 0) return "—";
  const p = (part / whole) * 100;
  if (p > 0 && p < 0.1) return "<0.1%";
  return `${p >= 10 ? p.toFixed(0) : p.toFixed(1)}%`;
}

/** "12 s", "4 min", "3 h", "5 days": a whole, rounded-down span. */
export function formatSpan(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h`;
  const days = Math.floor(h / 24);
  return `${formatCount(days)} days`;
}

/** "12 s ago", "just now", "in 3 min" (clock skew). */
export function formatRelative(thenMs: number, nowMs: number): string {
  const diff = nowMs - thenMs;
  if (Math.abs(diff) < 1000) return "just now";
  return diff > 0 ? `${formatSpan(diff)} ago` : `in ${formatSpan(-diff)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

function toDate(value: string | number | Date): Date | null {
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** "2026-11-25" in the browser's time zone. */
export function formatDate(value: string | number | Date): string {
  const d = toDate(value);
  if (!d) return "—";
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** "2026-11-25 14:03" in the browser's time zone. */
export function formatDateTime(value: string | number | Date): string {
  const d = toDate(value);
  if (!d) return "—";
  return `${formatDate(d)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** "14:03:27" in the browser's time zone. */
export function formatTime(value: string | number | Date): string {
  const d = toDate(value);
  if (!d) return "—";
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Whole days between two instants (ISO strings from the same clock). */
export function daysBetween(from: string, to: string): number {
  const a = Date.parse(from);
  const b = Date.parse(to);
  if (Number.isNaN(a) || Number.isNaN(b)) return 0;
  return Math.max(0, Math.floor((b - a) / 86_400_000));
}

/** "stats since" span: "12 days", or "5 h" for a window younger than a day. */
export function formatWindow(from: string, to: string): string {
  const ms = Date.parse(to) - Date.parse(from);
  if (Number.isNaN(ms)) return "—";
  const days = daysBetween(from, to);
  if (days >= 1) return `${formatCount(days)} ${days === 1 ? "day" : "days"}`;
  return formatSpan(ms);
}

/** Shortens long names for chart labels; the full name stays in the tooltip. */
export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, Math.max(1, max - 1))}…` : text;
}

function niceSteps(max: number, unit: number, targetCount: number): number[] {
  if (!(max > 0)) return [0];
  const rough = max / unit / targetCount;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((m) => m >= rough) ?? rough) * unit;
  const ticks: number[] = [];
  for (let i = 0; ticks.length === 0 || (ticks[ticks.length - 1] ?? 0) < max; i++) ticks.push(i * step);
  return ticks;
}

/** Round axis ticks for a byte scale up to `max`: 0, 2 MB, 4 MB… in the unit of `max`. */
export function byteTicks(max: number, targetCount = 4): number[] {
  let unit = 1;
  while (max / unit >= 1024 && unit < 1024 ** 5) unit *= 1024;
  return niceSteps(max, unit, targetCount);
}

/** Round axis ticks for a count up to `max`: 0, 50K, 100K… */
export function countTicks(max: number, targetCount = 4): number[] {
  return niceSteps(Math.max(max, 1), 1, targetCount).map((t) => Math.round(t * 1e6) / 1e6);
}

/** "2026-11-25 14:03:27 GMT+1": an absolute time with its zone, for the title beside a relative time. */
export function formatDateTimeWithZone(value: string | number | Date): string {
  const d = toDate(value);
  if (!d) return "—";
  const zone =
    new Intl.DateTimeFormat(LOCALE, { timeZoneName: "short" })
      .formatToParts(d)
      .find((part) => part.type === "timeZoneName")?.value ?? "";
  return `${formatDate(d)} ${formatTime(d)}${zone ? ` ${zone}` : ""}`;
}

/**
 * SQL cut into the pieces a line may break between: a quoted identifier or string literal is
 * one piece even with spaces inside, so a wrapped statement never splits a name. Joining the
 * pieces gives the statement back unchanged.
 */
export function sqlTokens(sql: string): string[] {
  return sql.match(/"(?:[^"]|"")*"?|'(?:[^']|'')*'?|\s+|[A-Za-z0-9_$]+|./gs) ?? [];
}

/** An ISO timestamp or a byte count inside a sentence (evidence text), for display in human units. */
export type TextPiece = { text: string } | { at: string } | { bytes: number };

/** Splits evidence text around ISO timestamps and "12345 bytes" so each can be shown readably. */
export function humanPieces(text: string): TextPiece[] {
  const pattern = /(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2}))|\b(\d+) bytes\b/g;
  const pieces: TextPiece[] = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const start = match.index ?? 0;
    if (start > last) pieces.push({ text: text.slice(last, start) });
    if (match[1]) pieces.push({ at: match[1] });
    else pieces.push({ bytes: Number(match[2]) });
    last = start + match[0].length;
  }
  if (last < text.length) pieces.push({ text: text.slice(last) });
  return pieces;
}
