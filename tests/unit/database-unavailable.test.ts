import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";

describe("isDatabaseUnavailable", () => {
  it.each([
    [{ code: "ECONNREFUSED" }],
    [{ code: "57P01", message: "terminating connection due to administrator command" }],
    [new Error("Client has encountered a connection error and is not queryable")],
    [new Error("Connection terminated unexpectedly")],
    [{ message: "wrapped", cause: { code: "08006" } }],
    [new Error("the database system is starting up")],
  ])("%o means 503", (error) => expect(isDatabaseUnavailable(error)).toBe(true));
  it.each([[new Error("deadlock detected")], [{ code: "23505" }], [null], ["text"]])("%o does not", (error) =>
    expect(isDatabaseUnavailable(error)).toBe(false),
  );
});
