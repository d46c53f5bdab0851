import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL(".", import.meta.url)) } },
  test: {
    include: [
      "tests/unit/**/*.test.ts",
      "tests/integration/**/*.test.ts",
      "tests/e2e/**/*.test.ts",
      "tests/reliability/**/*.test.ts",
    ],
    testTimeout: 60_000,
    // Sessions in tests (and the servers they start) are signed with this secret.
    env: { NEXTAUTH_SECRET: "triage-tests-only-secret-0123456789abcdef" },
    hookTimeout: 120_000,
    // expect.poll waits for a page or a server to reach a state. Its default 1 s is shorter than a
    // refresh takes on 2 loaded cores (a browser test failed on it once); a state that is never
    // reached still fails, later.
    expect: { poll: { timeout: 15_000, interval: 100 } },
    // Integration files each start their own server and database; two at a time suits 2 cores.
    maxWorkers: 2,
    reporters: ["default", "./tests/support/summary-reporter.ts"],
  },
});
