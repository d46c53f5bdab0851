"use client";
// A submit button that asks first: what will happen, to whom, and whether it can be undone. The
// dialog's confirm submits the form the button sits in (an ActionForm), so the action and its
// authorization check stay where they are.
import { useRef, useState } from "react";
import { Dialog, DialogClose } from "@/components/ui/Dialog";

export function ConfirmButton({ label, title, description, confirm }: { label: string; title: string; description: string; confirm: string }) {
  const [open, setOpen] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  return (
    <>
      <button type="button" ref={trigger} onClick={() => setOpen(true)} className="rounded border border-gray-300 px-2 py-0.5 hover:bg-gray-100">{label}</button>
      <Dialog open={open} onOpenChange={setOpen} title={title} description={description}>
        <div className="flex justify-end gap-2">
          <DialogClose asChild><button type="button" className="h-8 rounded-md border border-gray-300 px-3 hover:bg-gray-50">Cancel</button></DialogClose>
          <button type="button" className="h-8 rounded-md bg-red-700 px-3 font-medium text-white hover:bg-red-800"
            onClick={() => { setOpen(false); trigger.current?.form?.requestSubmit(); }}>{confirm}</button>
        </div>
      </Dialog>
    </>
  );
}
