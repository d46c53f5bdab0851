// A native <select> in the theme (shadcn/ui's native-select): works in server-action forms without
// JavaScript, and the system's own picker is what screen readers and phones know best.
import type { ComponentProps } from "react";
import { cn } from "@/lib/cn";
import { fieldClasses } from "./input";

export function NativeSelect({ className, ...props }: ComponentProps<"select">) {
  return <select data-slot="native-select" className={cn(fieldClasses, "h-8 pr-7", className)} {...props} />;
}
