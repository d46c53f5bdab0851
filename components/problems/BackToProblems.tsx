"use client";
// "← Problems", back to the list with the filters it had (lib/search-params/list-return.ts).
import Link from "next/link";
import { useSyncExternalStore } from "react";
import { LIST_PATH, LIST_RETURN_KEY, safeListReturn } from "@/lib/search-params/list-return";

const noSubscription = () => () => {};
const stored = () => safeListReturn(window.sessionStorage.getItem(LIST_RETURN_KEY));

export function BackToProblems() {
  const href = useSyncExternalStore(noSubscription, stored, () => LIST_PATH);
  return (
    <Link href={href} className="text-primary hover:underline" data-testid="back-to-problems">
      ← Problems
    </Link>
  );
}
