"use client";
// Radix dialog with our look (modal, labelled by its title, Escape and the Cancel button close it).
// Closed, it gives focus back to what had it when it opened (Radix returns it only to a
// Dialog.Trigger, and ours open from state); a dialog opened from a menu item (gone by then) names
// the element to return to instead: `returnFocus`, the menu's button.
import { Dialog as D } from "radix-ui";
import { useRef, type ReactNode, type RefObject } from "react";

export function Dialog({ open, onOpenChange, title, description, children, returnFocus }: { open: boolean; onOpenChange: (open: boolean) => void; title: string; description?: ReactNode; children: ReactNode; returnFocus?: RefObject<HTMLElement | null> }) {
  const opener = useRef<HTMLElement | null>(null);
  return (
    <D.Root open={open} onOpenChange={onOpenChange}>
      <D.Portal>
        <D.Overlay className="fixed inset-0 z-40 bg-gray-900/30" />
        <D.Content
          onOpenAutoFocus={() => {
            opener.current = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
          }}
          onCloseAutoFocus={(event) => {
            const target = returnFocus?.current ?? opener.current;
            if (!target?.isConnected) return;
            event.preventDefault();
            target.focus();
          }}
          className="fixed top-1/2 left-1/2 z-50 w-[min(28rem,calc(100vw-2rem))] -translate-x-1/2 -translate-y-1/2 rounded-lg border border-gray-200 bg-white p-5 text-sm shadow-xl outline-none">
          <D.Title className="text-base font-semibold">{title}</D.Title>
          {description ? <D.Description className="mt-1 text-gray-600">{description}</D.Description> : <D.Description className="sr-only">{title}</D.Description>}
          <div className="mt-4">{children}</div>
        </D.Content>
      </D.Portal>
    </D.Root>
  );
}

export const DialogClose = D.Close;
