// The sign-in audit trail, for admins.
import type { Database } from "../db/database";

export function listSignInAttempts(db: Database, limit: number) {
  return db.prisma.signInAttempt.findMany({
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: limit,
    select: { id: true, at: true, email: true, outcome: true, clientAddress: true },
  });
}
