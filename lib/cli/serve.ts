// `npm start`: apply pending migrations, then serve the built dashboard and API (HOST, PORT).
import { run as migrate } from "./migrate";
import { listenAddressFromEnv, serveInForeground } from "./server";

export async function run(): Promise<number> {
  const code = await migrate();
  if (code !== 0) return code;
  return serveInForeground(listenAddressFromEnv());
}
