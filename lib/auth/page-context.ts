// What a page needs to read: who is asking, what they may see, and the database, resolved once per
// request (getViewer is cached per render). A viewer without a session is sent to sign in with the
// page as the way back; one without the permission gets the 403 page.
import type { Database } from "../db/database";
import { getDatabase } from "../runtime/database";
import { requireViewer } from "./current-viewer";
import type { Permission } from "./roles";
import type { Scope } from "./scope";
import type { Viewer } from "./viewer";

export interface PageContext {
  viewer: Viewer & { kind: "user" };
  scope: Scope;
  db: Database;
}

export async function getPageContext(permission: Permission, from: string): Promise<PageContext> {
  const viewer = await requireViewer(permission, from);
  return { viewer, scope: viewer.scope, db: await getDatabase() };
}
