// Class names for components: conditional parts (clsx) with later Tailwind utilities winning over
// earlier ones (tailwind-merge), so a caller's `className` overrides a primitive's defaults.
import { clsx, type ClassValue } from "clsx";
import { twMerge } from "tailwind-merge";

export function cn(...inputs: ClassValue[]): string {
  return twMerge(clsx(inputs));
}
