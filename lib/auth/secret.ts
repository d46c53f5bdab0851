// The secret that signs session cookies. Production refuses to start without one; the demo and
// `npm run dev` make one and keep it in the data directory (so sessions survive a restart).
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { env } from "../env";

export class MissingSecretError extends Error {
  constructor() {
    super(
      "NEXTAUTH_SECRET (or AUTH_SECRET) is not set: sessions cannot be signed. " +
        "Set it to 32 or more random characters (openssl rand -base64 32) before starting the server.",
    );
  }
}

/** The configured secret, or null. */
export function configuredSecret(): string | null {
  return env().NEXTAUTH_SECRET ?? env().AUTH_SECRET ?? null;
}

/** The secret for signing sessions; throws MissingSecretError when none is configured. */
export function authSecret(): string {
  const secret = configuredSecret();
  if (!secret) throw new MissingSecretError();
  return secret;
}

/** A secret kept beside the PGlite data directory (demo, dev): created once, read afterwards. */
export function localSecret(): string {
  const file = resolve(/* turbopackIgnore: true */ process.cwd(), dirname(env().TRIAGE_DATA_DIR), "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
