// The server's node flags follow the database (lib/cli/server.ts; measured in README "Performance").
import { describe, expect, it } from "vitest";
import { serverNodeArgs } from "@/lib/cli/server";

describe("server launch flags", () => {
  it("collect garbage on the allocating thread and cap the heap on PGlite", () => {
    expect(serverNodeArgs({})).toEqual(["--max-old-space-size=384", "--single-threaded-gc"]);
  });
  it("keep parallel collection, a loose cap and a larger young generation on PostgreSQL", () => {
    expect(serverNodeArgs({ DATABASE_URL: "postgresql://127.0.0.1/triage" })).toEqual(["--max-old-space-size=1536", "--max-semi-space-size=64"]);
  });
});
