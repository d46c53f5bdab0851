"use client";
// Saved views: open one, save the current filters into it, save them as a new view (personal or
// shared, for staff of every district), reset to the saved state. A dot marks unsaved changes.
import { DropdownMenu } from "radix-ui";
import { Bookmark, ChevronDown } from "lucide-react";
import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";
import { deleteViewAction, saveViewAction, updateViewAction } from "@/lib/actions/problems";
import type { SavedView } from "@/lib/triage/saved-views";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Checkbox } from "@/components/ui/checkbox";

const item =
  "flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 outline-none data-[highlighted]:bg-accent " +
  "data-[disabled]:cursor-default data-[disabled]:text-muted-foreground";

export function SavedViews({
  views,
  viewId,
  query,
  canShare,
}: {
  views: SavedView[];
  viewId: number | null;
  query: string;
  canShare: boolean;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [saveAs, setSaveAs] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [name, setName] = useState("");
  const [shared, setShared] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  // The dialogs open from menu items, which are gone when they close: focus goes back to the menu's button.
  const menuButton = useRef<HTMLButtonElement>(null);
  const current = views.find((v) => v.id === viewId) ?? null;
  const unsaved = current !== null && current.query !== query;
  const open = (v: SavedView) => router.push(`/problems?${v.query}${v.query ? "&" : ""}view=${v.id}`);
  const run = (work: () => Promise<{ ok: boolean; error?: string }>, done: string, after?: () => void) =>
    start(async () => {
      const answer = await work();
      setMessage(answer.ok ? { text: done, error: false } : { text: answer.error ?? "Could not save.", error: true });
      if (answer.ok) after?.();
      router.refresh();
    });

  return (
    <div className="flex items-center gap-2">
      <DropdownMenu.Root modal={false}>
        <DropdownMenu.Trigger
          ref={menuButton}
          className="inline-flex h-8 items-center gap-1.5 rounded-md border border-input px-2.5 text-foreground hover:bg-muted"
          aria-label={`Saved views${current ? `: ${current.name}` : ""}${unsaved ? " (unsaved changes)" : ""}`}
        >
          <Bookmark aria-hidden className="size-3.5" />
          <span className="max-w-[12rem] truncate">{current ? current.name : "Views"}</span>
          {unsaved && <span className="size-2 rounded-full bg-chart-2" title="Unsaved changes" aria-hidden />}
          <ChevronDown aria-hidden className="size-3.5" />
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content
            align="end"
            sideOffset={4}
            className="z-50 max-h-96 min-w-60 overflow-y-auto rounded-md border border-border bg-background p-1 text-sm shadow-lg"
          >
            {views.length === 0 && (
              <p className="px-2 py-1.5 text-muted-foreground">No saved views yet: set filters, then “Save as…”.</p>
            )}
            {views.map((v) => (
              <DropdownMenu.Item key={v.id} className={item} onSelect={() => open(v)}>
                <span className={`min-w-0 flex-1 truncate ${v.id === viewId ? "font-semibold" : ""}`}>{v.name}</span>
                <span className="text-xs text-muted-foreground">
                  {v.shared ? (v.mine ? "shared" : `by ${v.ownerName}`) : "personal"}
                </span>
              </DropdownMenu.Item>
            ))}
            <DropdownMenu.Separator className="my-1 h-px bg-accent" />
            <DropdownMenu.Item
              className={item}
              disabled={!current?.mine || !unsaved}
              onSelect={() => current && run(() => updateViewAction(current.id, { query }), `Saved “${current.name}”.`)}
            >
              Save
            </DropdownMenu.Item>
            <DropdownMenu.Item
              className={item}
              onSelect={() => {
                setName(current && !current.mine ? `${current.name} (copy)` : "");
                setShared(false);
                setSaveAs(true);
              }}
            >
              Save as…
            </DropdownMenu.Item>
            <DropdownMenu.Item className={item} disabled={!unsaved} onSelect={() => current && open(current)}>
              Reset to saved
            </DropdownMenu.Item>
            {current?.mine && (
              <>
                {(canShare || current.shared) && (
                  <DropdownMenu.Item
                    className={item}
                    onSelect={() =>
                      run(
                        () => updateViewAction(current.id, { shared: !current.shared }),
                        current.shared ? "Now personal." : "Shared with everyone: anyone can open its link.",
                      )
                    }
                  >
                    {current.shared ? "Make personal" : "Share with everyone"}
                  </DropdownMenu.Item>
                )}
                <DropdownMenu.Item className={`${item} text-destructive`} onSelect={() => setConfirmDelete(true)}>
                  Delete view…
                </DropdownMenu.Item>
              </>
            )}
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
      {message && (
        <span
          role={message.error ? "alert" : "status"}
          className={message.error ? "text-destructive" : "text-tone-success-fg"}
        >
          {message.text}
        </span>
      )}
      {current?.mine && (
        <Dialog open={confirmDelete} onOpenChange={setConfirmDelete}>
          <DialogContent returnFocus={menuButton}>
            <DialogHeader>
              <DialogTitle>Delete the view “{current.name}”?</DialogTitle>
              <DialogDescription>
                {current.shared
                  ? "It is shared: everyone who opens it loses it too. The problems and their triage stay."
                  : "The problems and their triage stay; only the saved filters go."}
              </DialogDescription>
            </DialogHeader>
            <DialogFooter>
              <DialogClose asChild>
                <Button variant="outline">Cancel</Button>
              </DialogClose>
              <Button
                variant="destructive"
                disabled={pending}
                onClick={() => {
                  setConfirmDelete(false);
                  run(
                    () => deleteViewAction(current.id),
                    `Deleted “${current.name}”.`,
                    () => router.push(`/problems?${query}`),
                  );
                }}
              >
                Delete view
              </Button>
            </DialogFooter>
          </DialogContent>
        </Dialog>
      )}
      <Dialog open={saveAs} onOpenChange={setSaveAs}>
        <DialogContent returnFocus={menuButton}>
          <DialogHeader>
            <DialogTitle>Save the current filters as a view</DialogTitle>
            <DialogDescription>A view keeps the filters, sort, grouping and columns of this list.</DialogDescription>
          </DialogHeader>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              start(async () => {
                const answer = await saveViewAction({ name, query, shared });
                if (answer.ok) {
                  setSaveAs(false);
                  setMessage({ text: `Saved “${name.trim()}”.`, error: false });
                  router.push(`/problems?${query}${query ? "&" : ""}view=${answer.id}`);
                } else setMessage({ text: answer.error, error: true });
              });
            }}
            className="space-y-3"
          >
            <label className="block">
              Name
              <Input
                required
                maxLength={80}
                value={name}
                onChange={(e) => setName(e.target.value)}
                className="mt-1 block h-8 w-full rounded border border-input px-2"
                autoFocus
              />
            </label>
            {canShare && (
              <label className="flex items-center gap-2">
                <Checkbox checked={shared} onCheckedChange={(on) => setShared(on === true)} /> Share with everyone (each
                person sees it inside their own districts)
              </label>
            )}
            <DialogFooter>
              <DialogClose asChild>
                <Button variant="outline">Cancel</Button>
              </DialogClose>
              <Button type="submit" disabled={pending}>
                Save view
              </Button>
            </DialogFooter>
          </form>
        </DialogContent>
      </Dialog>
    </div>
  );
}
