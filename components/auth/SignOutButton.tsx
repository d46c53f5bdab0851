"use client";
import { signOut } from "next-auth/react";
import { useRouter } from "next/navigation";

/** Ends the session on the server, then goes to this host's sign-in page (not NEXTAUTH_URL's). */
export function SignOutButton() {
  const router = useRouter();
  async function signOutHere() {
    await signOut({ redirect: false });
    router.replace("/signin");
    router.refresh();
  }
  return (
    <button type="button" onClick={signOutHere} className="rounded px-2 py-1 text-gray-600 hover:bg-gray-200 hover:text-gray-900">
      Sign out
    </button>
  );
}
