import type { Metadata } from "next";
import { getDatabase } from "@/lib/runtime/database";
import { educationOrgNames } from "@/lib/districts/store";
import { districtLabel } from "@/lib/districts/edorg-file";
import Link from "next/link";
import { Suspense } from "react";
import { NuqsAdapter } from "nuqs/adapters/next/app";
import { getViewer } from "@/lib/auth/current-viewer";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { viewerCan } from "@/lib/auth/viewer";
import { SignOutButton } from "@/components/auth/SignOutButton";
import { HeaderSearch } from "@/components/HeaderSearch";
import { MainNav } from "@/components/MainNav";
import { ThemeMenu } from "@/components/theme-menu";
import { cookies } from "next/headers";
import { THEME_COOKIE, themeOf } from "@/lib/theme";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Triage", template: "%s · Triage" },
  description: "Error-log triage for education-data APIs",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const viewer = await getViewer();
  const user = viewer?.kind === "user" ? viewer.user : null;
  const districtNames =
    user?.role === "district_admin" ? await educationOrgNames(await getDatabase()) : new Map<string, string>();
  const links = [
    { href: "/problems", label: "Problems" },
    { href: "/trends", label: "Trends" },
    { href: "/kb", label: "Knowledge base" },
    ...(viewer && viewerCan(viewer, "admin")
      ? [
          { href: "/admin/rules", label: "Routing rules" },
          { href: "/admin/alerts", label: "Alerts" },
          { href: "/admin/clients", label: "API clients" },
          { href: "/admin/districts", label: "Districts" },
          { href: "/admin/users", label: "Users" },
          { href: "/admin/keys", label: "API keys" },
          { href: "/admin/sign-ins", label: "Sign-ins" },
        ]
      : []),
  ];
  const theme = themeOf((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <html lang="en" data-theme={theme}>
      <body className="min-h-screen text-sm">
        {/* First stop of the keyboard on every signed-in page: past the header's links to the page itself. */}
        {user && (
          <a
            href="#main"
            className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-background focus:px-3 focus:py-1.5 focus:font-medium focus:text-primary focus:shadow-lg"
          >
            Skip to content
          </a>
        )}
        <NuqsAdapter>
          <header className="border-b bg-muted">
            <div className="mx-auto flex max-w-screen-2xl flex-wrap items-center gap-x-5 gap-y-2 px-4 py-2.5">
              <Link href="/problems" className="font-semibold text-primary">
                Triage
              </Link>
              {user && viewer && (
                <>
                  <MainNav links={links} />
                  <Suspense fallback={<div className="h-8 w-full max-w-xs" />}>
                    <HeaderSearch />
                  </Suspense>
                  <div className="ml-auto flex items-center gap-3 text-muted-foreground">
                    <span data-testid="viewer">
                      <span className="font-medium text-foreground">{user.name}</span> · {ROLE_LABELS[user.role]}
                      {user.role === "district_admin" && (
                        <span> ({user.leaCodes.map((c) => districtLabel(c, districtNames)).join(", ")})</span>
                      )}
                    </span>
                    <Link href="/settings" className="hover:text-foreground">
                      Settings
                    </Link>
                    <ThemeMenu initial={theme} />
                    <SignOutButton />
                  </div>
                </>
              )}
            </div>
          </header>
          <main id="main" tabIndex={-1} className="mx-auto max-w-screen-2xl px-4 py-5 outline-none">
            {children}
          </main>
        </NuqsAdapter>
      </body>
    </html>
  );
}
