import type { Metadata } from "next";
import Link from "next/link";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Triage", template: "%s · Triage" },
  description: "Error-log triage for education-data APIs",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen text-sm">
        <header className="border-b border-gray-200 bg-gray-50">
          <div className="mx-auto flex max-w-7xl items-center gap-6 px-4 py-3">
            <Link href="/" className="font-semibold text-indigo-700">Triage</Link>
            <nav className="flex gap-4 text-gray-600">
              <Link href="/" className="hover:text-gray-900">Problems</Link>
            </nav>
          </div>
        </header>
        <main className="mx-auto max-w-7xl px-4 py-6">{children}</main>
      </body>
    </html>
  );
}
