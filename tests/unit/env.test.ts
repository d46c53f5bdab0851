// lib/env.ts: every setting parsed once; a bad value names the variable and what it accepts.
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/lib/env";

describe("configuration", () => {
  it("has defaults for everything", () => {
    expect(parseEnv({})).toMatchObject({
      HOST: "127.0.0.1",
      PORT: 3000,
      TRIAGE_DATA_DIR: ".data/pglite",
      TRIAGE_DB_POOL: 10,
      TRIAGE_REDACT_FIELDS: [],
      TRIAGE_REDACT_RESPONSE_VALUES: false,
    });
    expect(parseEnv({}).DATABASE_URL).toBeUndefined();
  });

  it("parses numbers, lists and flags", () => {
    const env = parseEnv({
      PORT: "8080",
      TRIAGE_INGEST_RATE: "500",
      TRIAGE_REDACT_FIELDS: "badgeNumber, lockerCode,",
      TRIAGE_REDACT_RESPONSE_VALUES: "1",
      DATABASE_URL: "postgresql://u@127.0.0.1:5432/db",
    });
    expect(env).toMatchObject({
      PORT: 8080,
      TRIAGE_INGEST_RATE: 500,
      TRIAGE_REDACT_FIELDS: ["badgeNumber", "lockerCode"],
      TRIAGE_REDACT_RESPONSE_VALUES: true,
      DATABASE_URL: "postgresql://u@127.0.0.1:5432/db",
    });
    expect(parseEnv({ DATABASE_URL: "" }).DATABASE_URL).toBeUndefined();
  });

  it.each([
    ["PORT", "abc", /PORT="abc": must be a whole number/],
    ["PORT", "70000", /PORT="70000": must be a TCP port/],
    [
      "TRIAGE_INGEST_RATE",
      "fast",
      /TRIAGE_INGEST_RATE="fast": must be a whole number \(events per second per API key\)/,
    ],
    ["TRIAGE_INGEST_CONCURRENCY", "0", /TRIAGE_INGEST_CONCURRENCY="0": must be greater than 0/],
    ["TRIAGE_DB_POOL", "-3", /TRIAGE_DB_POOL="-3": must be a whole number/],
    ["DATABASE_URL", "mysql://x", /DATABASE_URL="mysql:\/\/x": must be a postgres/],
    ["TRIAGE_REDACT_RESPONSE_VALUES", "yes", /TRIAGE_REDACT_RESPONSE_VALUES="yes": must be 1 or 0/],
    ["TRIAGE_PGLITE_SHARED_BUFFERS", "lots", /TRIAGE_PGLITE_SHARED_BUFFERS="lots": must be a PostgreSQL memory size/],
    ["TRIAGE_TRUSTED_PROXIES", "yes", /TRIAGE_TRUSTED_PROXIES="yes": must be a whole number of proxy hops/],
    ["TRIAGE_TRUSTED_PROXIES", "-1", /TRIAGE_TRUSTED_PROXIES="-1": must be a whole number of proxy hops/],
  ])("refuses %s=%s and says what it accepts", (name, value, message) => {
    expect(() => parseEnv({ [name]: value })).toThrow(EnvError);
    expect(() => parseEnv({ [name]: value })).toThrow(message);
  });

  it("shares state through Redis only when given a redis:// URL, under a prefix", () => {
    expect(parseEnv({}).TRIAGE_REDIS_URL).toBeUndefined();
    expect(parseEnv({}).TRIAGE_REDIS_PREFIX).toBe("triage:");
    const empty = parseEnv({ TRIAGE_REDIS_URL: "", TRIAGE_REDIS_PREFIX: "district-a:" });
    expect(empty.TRIAGE_REDIS_URL).toBeUndefined();
    expect(empty.TRIAGE_REDIS_PREFIX).toBe("district-a:");
    expect(parseEnv({ TRIAGE_REDIS_URL: "redis://127.0.0.1:6379/2" }).TRIAGE_REDIS_URL).toBe(
      "redis://127.0.0.1:6379/2",
    );
    expect(() => parseEnv({ TRIAGE_REDIS_URL: "127.0.0.1:6379" })).toThrow(/TRIAGE_REDIS_URL.*redis:\/\//);
    expect(() => parseEnv({ TRIAGE_REDIS_PREFIX: "a b" })).toThrow(/TRIAGE_REDIS_PREFIX/);
  });

  it("trusts no proxy unless told how many there are", () => {
    expect(parseEnv({}).TRIAGE_TRUSTED_PROXIES).toBe(0);
    expect(parseEnv({ TRIAGE_TRUSTED_PROXIES: "2" }).TRIAGE_TRUSTED_PROXIES).toBe(2);
  });

  it("names every bad variable at once", () => {
    expect(() => parseEnv({ PORT: "x", TRIAGE_DB_POOL: "y" })).toThrow(/PORT=.*\n.*TRIAGE_DB_POOL=/);
  });
});
