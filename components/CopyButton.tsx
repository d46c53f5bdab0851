"use client";
// Copies a value to the clipboard and says so (for screen readers too).
import { Check, Copy } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";

export function CopyButton({ value, label }: { value: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <Button
      variant="ghost"
      type="button"
      aria-label={label}
      title={label}
      onClick={async () => {
        await navigator.clipboard.writeText(value);
        setCopied(true);
        setTimeout(() => setCopied(false), 1500);
      }}
      className="inline-flex size-6 items-center justify-center rounded border border-input text-muted-foreground hover:bg-muted"
    >
      {copied ? (
        <Check aria-hidden className="size-3.5 text-tone-success-fg" />
      ) : (
        <Copy aria-hidden className="size-3.5" />
      )}
      <span role="status" className="sr-only">
        {copied ? "Copied" : ""}
      </span>
    </Button>
  );
}
