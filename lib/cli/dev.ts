// `npm run dev`: migrate, then `next dev` with a session secret kept beside the data directory
// (unless NEXTAUTH_SECRET is set).
import { spawn } from "node:child_process";
import { configuredSecret, localSecret } from "../auth/secret";
import { run as migrate } from "./migrate";
import { listenAddressFromEnv } from "./server";

export async function run(): Promise<number> {
  const code = await migrate();
  if (code !== 0) return code;
  const { host, port } = listenAddressFromEnv();
  const env = { ...process.env, NEXTAUTH_SECRET: configuredSecret() ?? localSecret(), NEXT_TELEMETRY_DISABLED: "1" };
  const child = spawn(
    process.execPath,
    ["node_modules/next/dist/bin/next", "dev", "--hostname", host, "--port", String(port)],
    { stdio: "inherit", env },
  );
  return new Promise((resolve) => child.on("exit", (c) => resolve(c ?? 0)));
}
