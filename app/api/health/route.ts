// Liveness and database check, for the demo launcher and load balancers.
import { getDatabase } from "@/lib/runtime/database";
import { json, withApi } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = withApi(async () => {
  const db = await getDatabase();
  await db.prisma.$queryRawUnsafe("SELECT 1");
  return json({ status: "ok", database: db.kind });
});
