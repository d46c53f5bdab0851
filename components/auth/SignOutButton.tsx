"use client";
import { signOut } from "next-auth/react";

/** Ends the session on the server, then goes to the sign-in page of this host (not NEXTAUTH_URL's). */
async function signOutHere() {
  await signOut({ redirect: false });
  window.location.assign("/signin");
}

export function SignOutButton() {
  return (
    <button type="button" onClick={signOutHere} className="rounded px-2 py-1 text-gray-600 hover:bg-gray-200 hover:text-gray-900">
      Sign out
    </button>
  );
}
