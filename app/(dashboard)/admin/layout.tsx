// Every /admin page is for admins: a signed-in viewer without the admin permission gets the 403
// page here, before any admin page renders. Each page still checks for itself (and sends a visitor
// without a session to sign in with that page as the way back, which a layout cannot know), and
// each action in lib/actions checks again: this guard is the segment's, never the only one.
import type { ReactNode } from "react";
import { forbidden } from "next/navigation";
import { getViewer } from "@/lib/auth/current-viewer";
import { viewerCan } from "@/lib/auth/viewer";

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const viewer = await getViewer();
  if (viewer && !viewerCan(viewer, "admin")) forbidden();
  return children;
}
