/**
 * A database name that may wrap after `_`, `.` or `-` (a <wbr> there), never inside the words
 * between them: `invitations_order_user_idx` breaks as `invitations_order_` / `user_idx`, not
 * as `invitati` / `ons_…`. The text itself is unchanged (a <wbr> adds no characters), so copy,
 * search and tests see the whole name. Pair with `break-words` for a single part longer than
 * the line.
 */
export function NameText({ name }: { name: string }) {
  const parts = name.split(/(?<=[_.-])/);
  return (
    <>
      {parts.map((part, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one name never reorder
        <span key={i}>
          {i > 0 ? <wbr /> : null}
          {part}
        </span>
      ))}
    </>
  );
}
