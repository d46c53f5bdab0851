"use client";
// j / k move through a table's rows, Enter opens the focused row (its [data-row-link]); "/" is
// the header search's. Keys typed into a field, or with a modifier, are left alone.
import { useEffect, type RefObject } from "react";

/** Whether a key press is typing into a field (or combobox), which page shortcuts leave alone. */
export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return (
    !!el &&
    (el.isContentEditable ||
      ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName) ||
      el.getAttribute("role") === "combobox")
  );
}

export function useRowKeys(body: RefObject<HTMLElement | null>) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.metaKey || event.ctrlKey || event.altKey || isTyping(event.target)) return;
      const rows = [...(body.current?.querySelectorAll<HTMLElement>("[data-row]") ?? [])];
      if (!rows.length) return;
      const current = rows.indexOf(document.activeElement as HTMLElement);
      if (event.key === "j" || event.key === "k") {
        event.preventDefault();
        const next = current < 0 ? 0 : Math.min(rows.length - 1, Math.max(0, current + (event.key === "j" ? 1 : -1)));
        rows[next].focus();
        rows[next].scrollIntoView({ block: "nearest" });
      } else if (event.key === "Enter" && current >= 0) {
        event.preventDefault();
        rows[current].querySelector<HTMLAnchorElement>("[data-row-link]")?.click();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [body]);
}
