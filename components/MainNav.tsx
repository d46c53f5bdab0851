"use client";
// The main navigation; the current section is marked for the eye and for screen readers.
import Link from "next/link";
import { usePathname } from "next/navigation";

export function MainNav({ links }: { links: { href: string; label: string }[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex flex-wrap gap-x-4 gap-y-1 text-muted-foreground">
      {links.map((l) => {
        const current = pathname === l.href || pathname.startsWith(`${l.href}/`);
        return (
          <Link
            key={l.href}
            href={l.href}
            aria-current={current ? "page" : undefined}
            className={
              current
                ? "font-medium text-foreground underline decoration-primary decoration-2 underline-offset-[6px]"
                : "hover:text-foreground"
            }
          >
            {l.label}
          </Link>
        );
      })}
    </nav>
  );
}
