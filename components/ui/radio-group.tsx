"use client";
// Radio group, as shadcn/ui builds it on Radix: arrow keys move between items; in a form it posts
// the chosen item's value under the group's name.
import { CircleIcon } from "lucide-react";
import { RadioGroup as R } from "radix-ui";
import type { ComponentProps } from "react";
import { cn } from "@/lib/cn";

export function RadioGroup({ className, ...props }: ComponentProps<typeof R.Root>) {
  return <R.Root data-slot="radio-group" className={cn("grid gap-2", className)} {...props} />;
}

export function RadioGroupItem({ className, ...props }: ComponentProps<typeof R.Item>) {
  return (
    <R.Item
      data-slot="radio-group-item"
      className={cn(
        "aspect-square size-4 shrink-0 rounded-full border border-input bg-background text-primary " +
          "disabled:cursor-not-allowed disabled:opacity-50 data-[state=checked]:border-primary",
        className,
      )}
      {...props}
    >
      <R.Indicator data-slot="radio-group-indicator" className="flex items-center justify-center">
        <CircleIcon className="size-2 fill-current" />
      </R.Indicator>
    </R.Item>
  );
}
