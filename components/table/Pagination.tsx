"use client";
// Page controls for a server-paged table: where we are, page size, previous / next.
import { ChevronLeft, ChevronRight } from "lucide-react";
import { PAGE_SIZES } from "@/lib/search-params/problems";

export function Pagination({ page, size, total, onPage, onSize, noun }: { page: number; size: number; total: number; onPage: (page: number) => void; onSize: (size: number) => void; noun: string }) {
  const pages = Math.max(1, Math.ceil(total / size));
  const first = total ? (page - 1) * size + 1 : 0;
  const last = Math.min(total, page * size);
  return (
    <nav aria-label="Pages" className="mt-3 flex flex-wrap items-center justify-between gap-3 text-muted-foreground">
      <p aria-live="polite">{total ? `${first.toLocaleString("en-US")}–${last.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} ${noun}` : `No ${noun}`}</p>
      <div className="flex items-center gap-2">
        <label className="flex items-center gap-1.5">Rows
          <select value={size} onChange={(e) => onSize(Number(e.target.value))} className="h-8 rounded border border-input bg-background px-1">
            {PAGE_SIZES.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </label>
        <span>Page {page} of {pages}</span>
        <button type="button" onClick={() => onPage(page - 1)} disabled={page <= 1} aria-label="Previous page" className="inline-flex size-8 items-center justify-center rounded border border-input disabled:opacity-40"><ChevronLeft aria-hidden className="size-4" /></button>
        <button type="button" onClick={() => onPage(page + 1)} disabled={page >= pages} aria-label="Next page" className="inline-flex size-8 items-center justify-center rounded border border-input disabled:opacity-40"><ChevronRight aria-hidden className="size-4" /></button>
      </div>
    </nav>
  );
}
