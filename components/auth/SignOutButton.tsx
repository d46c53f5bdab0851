"use client";
import { signOut } from "next-auth/react";

export function SignOutButton() {
  return (
    <button type="button" onClick={() => signOut({ callbackUrl: "/signin" })} className="rounded px-2 py-1 text-gray-600 hover:bg-gray-200 hover:text-gray-900">
      Sign out
    </button>
  );
}
