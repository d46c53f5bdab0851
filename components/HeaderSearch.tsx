"use client";
// The header's search box, on every page: "/" focuses it; Enter goes to /search?q=, which opens
// an event directly when the text is a correlationId of exactly one event.
import { Search } from "lucide-react";
import { useRouter, useSearchParams, usePathname } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { isTyping } from "@/components/data-table/use-row-keys";
import { Input } from "@/components/ui/input";

export function HeaderSearch() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState(pathname === "/search" ? (params.get("q") ?? "") : "");
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "/" || event.metaKey || event.ctrlKey || isTyping(event.target)) return;
      event.preventDefault();
      input.current?.focus();
      input.current?.select();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);
  return (
    <form
      role="search"
      className="relative w-full max-w-xs"
      onSubmit={(e) => {
        e.preventDefault();
        if (text.trim()) router.push(`/search?q=${encodeURIComponent(text.trim())}`);
      }}
    >
      <label htmlFor="header-search" className="sr-only">
        Search
      </label>
      <Search aria-hidden className="pointer-events-none absolute top-2 left-2 size-4 text-muted-foreground" />
      <Input
        id="header-search"
        ref={input}
        type="search"
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder="Search correlationId, id, LEA, text…"
        aria-keyshortcuts="/"
        className="h-8 w-full rounded-md border border-input bg-background pr-8 pl-7 outline-none focus:border-primary"
      />
      <kbd
        aria-hidden
        className="absolute top-1.5 right-2 rounded border border-border px-1 text-xs text-muted-foreground"
      >
        /
      </kbd>
    </form>
  );
}
