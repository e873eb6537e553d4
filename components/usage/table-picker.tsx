"use client";

import { useId, useState } from "react";
import { formatCount } from "@/components/format";
import { useDebouncedValue } from "@/lib/client/use-debounced-value";
import { useTableNames } from "@/lib/client/use-usage";

const field =
  "w-56 rounded-md border border-neutral-300 bg-white px-2 py-1 text-sm dark:border-neutral-700 dark:bg-neutral-900";

/**
 * The Table filter as a searchable combobox: typing asks the server for the first matching
 * names (a target can have 10,000 tables; a <select> of all of them froze every keystroke).
 */
export function TablePicker({
  targetId,
  value,
  onChange,
}: {
  targetId: string;
  value: string;
  onChange: (table: string) => void;
}) {
  const listId = useId();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState<string | null>(null);
  const typed = text ?? value;
  const search = useDebouncedValue(typed === value ? "" : typed, 200);
  const names = useTableNames(targetId, search, open);
  const options = names.data?.tables ?? [];
  const choose = (table: string) => {
    setText(null);
    setOpen(false);
    onChange(table);
  };
  return (
    <div className="relative flex items-center gap-1">
      <input
        data-testid="weekly-table"
        role="combobox"
        aria-label="Table"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        type="search"
        placeholder="All tables"
        className={field}
        value={typed}
        onFocus={() => setOpen(true)}
        onBlur={() => {
          // After a click on an option (mousedown keeps the focus, see below).
          setOpen(false);
          setText(null);
        }}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          if (e.target.value === "" && value) onChange("");
        }}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            setText(null);
            setOpen(false);
          } else if (e.key === "Enter") {
            e.preventDefault();
            const exact = options.find((o) => o === typed);
            const only = options.length === 1 ? options[0] : undefined;
            const pick = exact ?? only;
            if (pick) choose(pick);
          }
        }}
      />
      {open ? (
        <div
          id={listId}
          role="listbox"
          data-testid="weekly-table-options"
          className="absolute top-full left-0 z-20 mt-1 max-h-72 w-72 overflow-auto rounded-md border border-neutral-200 bg-white py-1 text-sm shadow-lg dark:border-neutral-700 dark:bg-neutral-900"
        >
          {options.map((t) => (
            <div
              key={t}
              role="option"
              tabIndex={-1}
              aria-selected={t === value}
              className="cursor-pointer truncate px-2 py-1 font-mono hover:bg-indigo-50 dark:hover:bg-indigo-950"
              title={t}
              onMouseDown={(e) => {
                e.preventDefault();
                choose(t);
              }}
            >
              {t}
            </div>
          ))}
          <p className="px-2 py-1 text-xs text-neutral-500">
            {names.isPending
              ? "searching…"
              : options.length < (names.data?.matched ?? 0)
                ? `${formatCount(options.length)} of ${formatCount(names.data?.matched ?? 0)} tables: type to narrow`
                : options.length === 0
                  ? "no table matches"
                  : `${formatCount(options.length)} ${options.length === 1 ? "table" : "tables"}`}
          </p>
        </div>
      ) : null}
    </div>
  );
}
