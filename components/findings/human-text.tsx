import {
  formatBytes,
  formatCount,
  formatDateTimeWithZone,
  formatRelative,
  humanPieces,
} from "@/components/format";

/** "3 h ago", with the absolute time and its zone on hover. */
export function RelativeTime({ at, nowMs }: { at: string; nowMs: number }) {
  const ms = Date.parse(at);
  if (Number.isNaN(ms)) return <span>{at}</span>;
  return (
    <time dateTime={at} title={formatDateTimeWithZone(at)} className="underline decoration-dotted">
      {formatRelative(ms, nowMs)}
    </time>
  );
}

/** Bytes in human units, the exact count on hover. */
export function Bytes({ bytes }: { bytes: number | null }) {
  return (
    <span className="tabular-nums" title={bytes === null ? undefined : `${formatCount(bytes)} bytes`}>
      {formatBytes(bytes)}
    </span>
  );
}

/** Evidence as a person reads it: timestamps relative (absolute on hover), bytes in units (exact on hover). */
export function EvidenceText({ text, nowMs }: { text: string; nowMs: number }) {
  return (
    <>
      {humanPieces(text).map((piece, i) => {
        const key = `${i}`;
        if ("at" in piece) return <RelativeTime key={key} at={piece.at} nowMs={nowMs} />;
        if ("bytes" in piece) return <Bytes key={key} bytes={piece.bytes} />;
        return <span key={key}>{piece.text}</span>;
      })}
    </>
  );
}

/**
 * Evidence for a printed page (the weekly digest): timestamps absolute with their zone (a
 * sheet of paper has no hover and no "now"), bytes in units, exact on hover.
 */
export function PrintedEvidenceText({ text }: { text: string }) {
  return (
    <>
      {humanPieces(text).map((piece, i) => {
        const key = `${i}`;
        if ("at" in piece)
          return (
            <time key={key} dateTime={piece.at}>
              {formatDateTimeWithZone(piece.at)}
            </time>
          );
        if ("bytes" in piece) return <Bytes key={key} bytes={piece.bytes} />;
        return <span key={key}>{piece.text}</span>;
      })}
    </>
  );
}
