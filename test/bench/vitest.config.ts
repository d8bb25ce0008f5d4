import { defineConfig } from "vitest/config";

// The root vitest config leaves test/bench/** out (the benchmarks are commands, not tests); the
// bench's own pure-logic tests run with this one: npx vitest run --config test/bench/vitest.config.ts
export default defineConfig({
  test: {
    root: new URL("../..", import.meta.url).pathname,
    include: ["test/bench/bff/**/*.test.ts"],
    exclude: ["**/node_modules/**"],
    pool: "forks",
    testTimeout: 30_000,
  },
});
