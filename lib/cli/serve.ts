// `npm start`: apply pending migrations, then serve the built dashboard and API (HOST, PORT).
import { run as migrate } from "./migrate";
import { serveInForeground } from "./server";

export async function run(): Promise<number> {
  const code = await migrate();
  if (code !== 0) return code;
  return serveInForeground({ host: process.env.HOST ?? "127.0.0.1", port: Number(process.env.PORT ?? 3000) }).exited;
}
