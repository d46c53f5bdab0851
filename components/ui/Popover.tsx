"use client";
// Radix popover with our look: focus is trapped and returned, Escape closes it.
import { Popover as P } from "radix-ui";
import type { ReactNode } from "react";

export function Popover({ trigger, children, align = "start", label }: { trigger: ReactNode; children: ReactNode; align?: "start" | "end"; label?: string }) {
  return (
    <P.Root>
      <P.Trigger asChild>{trigger}</P.Trigger>
      <P.Portal>
        <P.Content align={align} sideOffset={4} aria-label={label} className="z-50 w-64 rounded-md border border-gray-200 bg-white p-2 text-sm shadow-lg outline-none">
          {children}
        </P.Content>
      </P.Portal>
    </P.Root>
  );
}
