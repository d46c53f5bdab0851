// Pages and server actions: the viewer of the current request, resolved once per render.
import { cache } from "react";
import { cookies } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { getDatabase } from "../runtime/database";
import type { Permission } from "./roles";
import { sessionTokenOf, userFromSessionToken, userViewer, viewerCan, type Viewer } from "./viewer";

export const getViewer = cache(async (): Promise<Viewer | null> => {
  const jar = await cookies();
  const user = await userFromSessionToken(
    await getDatabase(),
    sessionTokenOf((name) => jar.get(name)?.value),
  );
  return user ? userViewer(user) : null;
});

/** The viewer, or a redirect to sign-in; a viewer without the permission gets the 403 page. */
export async function requireViewer(permission: Permission = "read", from = "/"): Promise<Viewer & { kind: "user" }> {
  const viewer = await getViewer();
  if (!viewer || viewer.kind !== "user") redirect(`/signin?callbackUrl=${encodeURIComponent(from)}`);
  if (!viewerCan(viewer, permission)) forbidden();
  return viewer;
}
