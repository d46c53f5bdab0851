"use client";
// Which columns show: a menu of checkboxes over the hideable columns (kept in the URL, so a
// saved view keeps its columns).
import { DropdownMenu } from "radix-ui";
import { Columns3 } from "lucide-react";

/** Where a column starts to show (Tailwind's breakpoints): the menu says so instead of ticking a column the screen hides. */
const FROM_WIDTH = { lg: 1024, xl: 1280, "2xl": 1536 } as const;

export function ViewOptions({ columns, hidden, onChange }: { columns: { id: string; label: string; from?: keyof typeof FROM_WIDTH }[]; hidden: string[]; onChange: (hidden: string[]) => void }) {
  return (
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger className="inline-flex h-8 items-center gap-1.5 rounded-md border border-input px-2.5 text-sm text-foreground hover:bg-muted">
        <Columns3 aria-hidden className="size-3.5" /> Columns
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content align="end" sideOffset={4} className="z-50 min-w-44 rounded-md border border-border bg-background p-1 text-sm shadow-lg">
          <DropdownMenu.Label className="px-2 py-1 text-xs text-muted-foreground">Show columns</DropdownMenu.Label>
          {columns.map((c) => (
            <DropdownMenu.CheckboxItem key={c.id} checked={!hidden.includes(c.id)} onSelect={(e) => e.preventDefault()}
              onCheckedChange={(show) => onChange(show ? hidden.filter((h) => h !== c.id) : [...hidden, c.id])}
              className="flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 outline-none data-[highlighted]:bg-accent">
              <span aria-hidden className="w-3 text-primary">{hidden.includes(c.id) ? "" : "✓"}</span>
              <span className="flex-1">{c.label}</span>
              {c.from && <span className="text-xs text-muted-foreground" title={`Shown on screens ${FROM_WIDTH[c.from]} px wide and wider`}>from {FROM_WIDTH[c.from]} px</span>}
            </DropdownMenu.CheckboxItem>
          ))}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
