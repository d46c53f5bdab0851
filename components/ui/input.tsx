// Text input, as shadcn/ui builds it, in our dense size.
import type { ComponentProps } from "react";
import { cn } from "@/lib/cn";

export const fieldClasses =
  "rounded-md border border-input bg-background px-2 text-sm text-foreground placeholder:text-muted-foreground " +
  "disabled:cursor-not-allowed disabled:opacity-50 aria-invalid:border-destructive";

export function Input({ className, type, ...props }: ComponentProps<"input">) {
  return <input type={type} data-slot="input" className={cn(fieldClasses, "h-8 min-w-0", className)} {...props} />;
}
