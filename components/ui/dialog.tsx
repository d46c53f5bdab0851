"use client";
// Dialog parts, as shadcn/ui builds them on Radix (modal, labelled by its title; Escape and a
// DialogClose close it). Closed, the content gives focus back to what had it when it opened (Radix
// returns it only to a DialogTrigger, and ours often open from state); a dialog opened from a menu
// item (gone by then) names the element to return to instead: `returnFocus`, the menu's button.
import { Dialog as D } from "radix-ui";
import { useRef, type ComponentProps, type RefObject } from "react";
import { cn } from "@/lib/cn";

export const Dialog = D.Root;
export const DialogTrigger = D.Trigger;
export const DialogClose = D.Close;

export function DialogContent({
  className,
  children,
  returnFocus,
  onOpenAutoFocus,
  onCloseAutoFocus,
  ...props
}: ComponentProps<typeof D.Content> & { returnFocus?: RefObject<HTMLElement | null> }) {
  const opener = useRef<HTMLElement | null>(null);
  return (
    <D.Portal>
      <D.Overlay data-slot="dialog-overlay" className="fixed inset-0 z-40 bg-overlay" />
      <D.Content
        data-slot="dialog-content"
        onOpenAutoFocus={(event) => {
          const active = document.activeElement;
          opener.current = active instanceof HTMLElement && active !== document.body ? active : null;
          onOpenAutoFocus?.(event);
        }}
        onCloseAutoFocus={(event) => {
          onCloseAutoFocus?.(event);
          const target = returnFocus?.current ?? opener.current;
          if (event.defaultPrevented || !target?.isConnected) return;
          event.preventDefault();
          target.focus();
        }}
        className={cn(
          "fixed top-1/2 left-1/2 z-50 grid w-[min(28rem,calc(100vw-2rem))] -translate-x-1/2 -translate-y-1/2 " +
            "gap-4 rounded-lg border bg-popover p-5 text-sm text-popover-foreground shadow-xl outline-none",
          className,
        )}
        {...props}
      >
        {children}
      </D.Content>
    </D.Portal>
  );
}

export function DialogHeader({ className, ...props }: ComponentProps<"div">) {
  return <div data-slot="dialog-header" className={cn("flex flex-col gap-1", className)} {...props} />;
}

export function DialogFooter({ className, ...props }: ComponentProps<"div">) {
  return <div data-slot="dialog-footer" className={cn("flex justify-end gap-2", className)} {...props} />;
}

export function DialogTitle({ className, ...props }: ComponentProps<typeof D.Title>) {
  return <D.Title data-slot="dialog-title" className={cn("text-base font-semibold", className)} {...props} />;
}

export function DialogDescription({ className, ...props }: ComponentProps<typeof D.Description>) {
  return <D.Description data-slot="dialog-description" className={cn("text-muted-foreground", className)} {...props} />;
}
