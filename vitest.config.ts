import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "services/*/src/**/*.test.ts",
      "services/*/test/**/*.test.ts",
      "bff-*/src/**/*.test.ts",
      "bff-*/test/**/*.test.ts",
      "test/**/*.test.ts",
    ],
    exclude: ["**/node_modules/**", "test/bench/**"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
