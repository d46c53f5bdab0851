// `npm start`: apply pending migrations, then serve the built dashboard and API (HOST, PORT).
// Refuses to start without a session secret (NEXTAUTH_SECRET or AUTH_SECRET).
import { configuredSecret, MissingSecretError } from "../auth/secret";
import { run as migrate } from "./migrate";
import { listenAddressFromEnv, serveInForeground } from "./server";

export async function run(): Promise<number> {
  if (!configuredSecret()) {
    console.error(new MissingSecretError().message);
    return 1;
  }
  const code = await migrate();
  if (code !== 0) return code;
  return serveInForeground(listenAddressFromEnv());
}
