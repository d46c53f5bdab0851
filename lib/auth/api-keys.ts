// API keys for ingest and read access. A key is shown once; only its SHA-256 is stored (keys are
// 160 random bits, so a fast hash is the right tool here, unlike passwords).
import { InputError } from "../input-error";
import { createHash, randomBytes } from "node:crypto";
import type { Database } from "../db/database";
import { ProblemError } from "../http/problem";
import { ALL_DISTRICTS, leaScope, type Scope } from "./scope";
import { announceChange, changeGeneration, onChange } from "../cluster/changes";

export const KEY_SCOPES = ["ingest", "read"] as const;
export type KeyScope = (typeof KEY_SCOPES)[number];

export interface ApiKeyIdentity {
  id: number;
  name: string;
  scopes: KeyScope[];
  /** The districts it may send and read; empty: every district. */
  leaCodes: string[];
  /** Its own ingest rate in events per second; null: the configured rate (TRIAGE_INGEST_RATE). */
  eventsPerSecond: number | null;
  scope: Scope;
}

/** A key's own ingest rate: a whole number of events per second, or null for the configured rate. */
export function parseKeyRate(value: number | string | null | undefined): number | null {
  if (value === null || value === undefined || value === "" || value === "default") return null;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1_000_000)
    throw new InputError("a key's rate is a whole number of events per second, 1 to 1000000", "eventsPerSecond");
  return n;
}

export function hashKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

export function generateKey(): string {
  return `trk_${randomBytes(20).toString("base64url")}`;
}

export function parseScopes(text: string | undefined): KeyScope[] {
  const scopes = (text ?? "ingest")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = scopes.filter((s) => !(KEY_SCOPES as readonly string[]).includes(s));
  if (unknown.length) throw new InputError(`unknown scope(s): ${unknown.join(", ")}; use ${KEY_SCOPES.join(", ")}`);
  return [...new Set(scopes)] as KeyScope[];
}

export async function createApiKey(
  db: Database,
  name: string,
  scopes: KeyScope[],
  leaCodes: string[] = [],
  createdById: number | null = null,
  eventsPerSecond: number | null = null,
): Promise<{ id: number; key: string; prefix: string }> {
  if (!name.trim()) throw new InputError("a key needs a name", "name");
  const leas = [...new Set(leaCodes.map((c) => c.trim()).filter(Boolean))];
  const bad = leas.filter((c) => !/^[A-Za-z0-9._-]{1,50}$/.test(c));
  if (bad.length) throw new InputError(`not LEA codes: ${bad.join(", ")}`);
  const key = generateKey();
  const prefix = key.slice(0, 12);
  const row = await db.prisma.apiKey.create({
    data: {
      name: name.trim().slice(0, 200),
      prefix,
      keyHash: hashKey(key),
      scopes,
      leaCodes: leas,
      createdById,
      eventsPerSecond: parseKeyRate(eventsPerSecond),
    },
    select: { id: true },
  });
  await announceChange("api-keys"); // other processes may have it cached as unknown
  return { id: row.id, key, prefix };
}

const keyWhere = (idOrPrefix: string) =>
  /^\d+$/.test(idOrPrefix) ? { id: Number(idOrPrefix) } : { prefix: idOrPrefix };

/** Sets an active key's own ingest rate (null: the configured one); every process uses it at once. */
export async function setKeyRate(db: Database, idOrPrefix: string, eventsPerSecond: number | null): Promise<number> {
  const result = await db.prisma.apiKey.updateMany({
    where: { ...keyWhere(idOrPrefix), revokedAt: null },
    data: { eventsPerSecond: parseKeyRate(eventsPerSecond) },
  });
  await announceChange("api-keys");
  return result.count;
}

export async function revokeApiKey(db: Database, idOrPrefix: string): Promise<number> {
  const result = await db.prisma.apiKey.updateMany({
    where: { ...keyWhere(idOrPrefix), revokedAt: null },
    data: { revokedAt: new Date() },
  });
  await announceChange("api-keys"); // refused by every process from now on
  return result.count;
}

export async function listApiKeys(db: Database) {
  return db.prisma.apiKey.findMany({
    orderBy: { id: "asc" },
    select: {
      id: true,
      name: true,
      prefix: true,
      scopes: true,
      leaCodes: true,
      eventsPerSecond: true,
      createdAt: true,
      revokedAt: true,
      lastUsedAt: true,
    },
  });
}

const lastTouched = new Map<number, number>();

/**
 * Keys found valid, by hash, for a few seconds: a key check then never waits behind a write (on
 * PGlite, one session, it otherwise queues behind the ingest transaction in progress and the
 * request thread sits idle). A change (revocation, a new key, a rate) is announced to every
 * process (lib/cluster/changes.ts), which forgets them at once; this time is the fallback.
 */
export const KEY_CACHE_MS = 5_000;
interface KeyRow {
  id: number;
  name: string;
  scopes: string[];
  leaCodes: string[];
  eventsPerSecond: number | null;
}
const recentlyVerified = new Map<string, { row: KeyRow; until: number }>();
/**
 * Keys found unknown, for as long: a sender retrying with a wrong key (or guessing keys) costs a
 * map look-up instead of a database query. Bounded; forgotten when any key is created.
 */
const recentlyUnknown = new Map<string, number>();
onChange("api-keys", forgetVerifiedKeys);
let lookups = 0;

/** Database look-ups of API keys so far (tests). */
export function keyLookupCount(): number {
  return lookups;
}

async function findActiveKey(db: Database, keyHash: string): Promise<(KeyRow & { revoked: boolean }) | null> {
  const now = Date.now();
  const cached = recentlyVerified.get(keyHash);
  if (cached && cached.until > now) return { ...cached.row, revoked: false };
  if ((recentlyUnknown.get(keyHash) ?? 0) > now) return null;
  lookups++;
  const generation = changeGeneration("api-keys");
  const row = await db.prisma.apiKey.findUnique({
    where: { keyHash },
    select: { id: true, name: true, scopes: true, leaCodes: true, eventsPerSecond: true, revokedAt: true },
  });
  // A key changed while this look-up ran: answer with what was read, but do not keep it.
  if (generation !== changeGeneration("api-keys")) return row && { ...row, revoked: Boolean(row.revokedAt) };
  if (!row) {
    if (recentlyUnknown.size >= 10_000) recentlyUnknown.clear();
    recentlyUnknown.set(keyHash, now + KEY_CACHE_MS);
    return null;
  }
  if (row.revokedAt) {
    recentlyVerified.delete(keyHash);
    return { ...row, revoked: true };
  }
  if (recentlyVerified.size >= 1_000) recentlyVerified.clear(); // bounded: keys are few, hashes of guesses are never stored
  recentlyVerified.set(keyHash, {
    row: {
      id: row.id,
      name: row.name,
      scopes: row.scopes,
      leaCodes: row.leaCodes ?? [],
      eventsPerSecond: row.eventsPerSecond,
    },
    until: now + KEY_CACHE_MS,
  });
  return { ...row, revoked: false };
}

/** Forgets every cached key check (a key changed, here or in another process). */
export function forgetVerifiedKeys(): void {
  recentlyVerified.clear();
  recentlyUnknown.clear();
}

/** The key behind `Authorization: Bearer …`, or a 401/403 problem. */
export async function authenticateKey(db: Database, request: Request, needed: KeyScope): Promise<ApiKeyIdentity> {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) {
    throw new ProblemError(
      "unauthenticated",
      header
        ? "The Authorization header must be 'Bearer <API key>'."
        : "Send an API key as 'Authorization: Bearer <key>'. Create one with `npm run keys -- create NAME`.",
      {
        headers: { "www-authenticate": 'Bearer realm="triage"' },
      },
    );
  }
  const row = await findActiveKey(db, hashKey(match[1]));
  if (!row || row.revoked) {
    throw new ProblemError("unauthenticated", row ? "This API key was revoked." : "Unknown API key.", {
      headers: { "www-authenticate": 'Bearer realm="triage", error="invalid_token"' },
    });
  }
  const scopes = row.scopes.filter((s): s is KeyScope => (KEY_SCOPES as readonly string[]).includes(s));
  if (!scopes.includes(needed))
    throw new ProblemError("forbidden", `This API key does not have the '${needed}' scope.`);
  // Record use at most once a minute per key; never on the request's critical path.
  const now = Date.now();
  if ((lastTouched.get(row.id) ?? 0) < now - 60_000) {
    lastTouched.set(row.id, now);
    void db.prisma.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date(now) } }).catch(() => {});
  }
  const leaCodes = row.leaCodes ?? [];
  return {
    id: row.id,
    name: row.name,
    scopes,
    leaCodes,
    eventsPerSecond: row.eventsPerSecond,
    scope: leaCodes.length ? leaScope(leaCodes) : ALL_DISTRICTS,
  };
}
