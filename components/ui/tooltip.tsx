"use client";
// Tooltip parts, as shadcn/ui builds them on Radix: shown on hover and on keyboard focus. Say
// nothing only a tooltip says: it is a hint, never the one place a fact lives.
import { Tooltip as T } from "radix-ui";
import type { ComponentProps } from "react";
import { cn } from "@/lib/cn";

export function TooltipProvider({ delayDuration = 300, ...props }: ComponentProps<typeof T.Provider>) {
  return <T.Provider delayDuration={delayDuration} {...props} />;
}

export function Tooltip(props: ComponentProps<typeof T.Root>) {
  return (
    <TooltipProvider>
      <T.Root {...props} />
    </TooltipProvider>
  );
}
export const TooltipTrigger = T.Trigger;

export function TooltipContent({ className, sideOffset = 4, ...props }: ComponentProps<typeof T.Content>) {
  return (
    <T.Portal>
      <T.Content
        data-slot="tooltip-content"
        sideOffset={sideOffset}
        className={cn("z-50 max-w-xs rounded-md bg-foreground px-2 py-1 text-xs text-background", className)}
        {...props}
      />
    </T.Portal>
  );
}
