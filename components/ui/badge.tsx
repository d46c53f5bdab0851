// Badge, as shadcn/ui builds it, with one `tone` per theme tone (lib/vocabulary.ts names them, so a
// status or a team is drawn in the tone its vocabulary gives it).
import { cva, type VariantProps } from "class-variance-authority";
import { Slot } from "radix-ui";
import type { ComponentProps } from "react";
import { cn } from "@/lib/cn";
import type { Tone } from "@/lib/vocabulary";

const TONE_CLASSES = {
  neutral: "bg-tone-neutral-bg text-tone-neutral-fg ring-tone-neutral-ring",
  brand: "bg-tone-brand-bg text-tone-brand-fg ring-tone-brand-ring",
  info: "bg-tone-info-bg text-tone-info-fg ring-tone-info-ring",
  violet: "bg-tone-violet-bg text-tone-violet-fg ring-tone-violet-ring",
  success: "bg-tone-success-bg text-tone-success-fg ring-tone-success-ring",
  warning: "bg-tone-warning-bg text-tone-warning-fg ring-tone-warning-ring",
  danger: "bg-tone-danger-bg text-tone-danger-fg ring-tone-danger-ring",
  rose: "bg-tone-rose-bg text-tone-rose-fg ring-tone-rose-ring",
} as const satisfies Record<Tone, string>;

export const badgeVariants = cva(
  "inline-flex w-fit shrink-0 items-center gap-1 rounded px-1.5 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset [&>svg]:size-3",
  {
    variants: { tone: TONE_CLASSES },
    defaultVariants: { tone: "neutral" },
  },
);

export function Badge({
  className,
  tone,
  asChild = false,
  ...props
}: ComponentProps<"span"> & VariantProps<typeof badgeVariants> & { asChild?: boolean }) {
  const Component = asChild ? Slot.Root : "span";
  return <Component data-slot="badge" className={cn(badgeVariants({ tone }), className)} {...props} />;
}
