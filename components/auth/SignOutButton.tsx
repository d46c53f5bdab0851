"use client";
import { signOut } from "next-auth/react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";

/** Ends the session on the server, then goes to this host's sign-in page (not NEXTAUTH_URL's). */
export function SignOutButton() {
  const router = useRouter();
  async function signOutHere() {
    await signOut({ redirect: false });
    router.replace("/signin");
    router.refresh();
  }
  return (
    <Button
      variant="ghost"
      type="button"
      onClick={signOutHere}
      className="rounded px-2 py-1 text-muted-foreground hover:bg-accent hover:text-foreground"
    >
      Sign out
    </Button>
  );
}
