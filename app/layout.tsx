import type { Metadata } from "next";
import Link from "next/link";
import { getViewer } from "@/lib/auth/current-viewer";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { viewerCan } from "@/lib/auth/viewer";
import { SignOutButton } from "@/components/auth/SignOutButton";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Triage", template: "%s · Triage" },
  description: "Error-log triage for education-data APIs",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const viewer = await getViewer();
  const user = viewer?.kind === "user" ? viewer.user : null;
  return (
    <html lang="en">
      <body className="min-h-screen text-sm">
        <header className="border-b border-gray-200 bg-gray-50">
          <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
            <Link href="/" className="font-semibold text-indigo-700">Triage</Link>
            {user && viewer && (
              <>
                <nav aria-label="Main" className="flex gap-4 text-gray-600">
                  <Link href="/" className="hover:text-gray-900">Problems</Link>
                  {viewerCan(viewer, "admin") && <Link href="/admin/users" className="hover:text-gray-900">Users</Link>}
                  {viewerCan(viewer, "admin") && <Link href="/admin/keys" className="hover:text-gray-900">API keys</Link>}
                  {viewerCan(viewer, "admin") && <Link href="/admin/sign-ins" className="hover:text-gray-900">Sign-ins</Link>}
                </nav>
                <div className="ml-auto flex items-center gap-3 text-gray-600">
                  <span data-testid="viewer">
                    <span className="font-medium text-gray-900">{user.name}</span> · {ROLE_LABELS[user.role]}
                    {user.role === "district_admin" && <span className="text-gray-500"> ({user.leaCodes.join(", ")})</span>}
                  </span>
                  <SignOutButton />
                </div>
              </>
            )}
          </div>
        </header>
        <main className="mx-auto max-w-7xl px-4 py-6">{children}</main>
      </body>
    </html>
  );
}
