import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // Node loads graphql's CommonJS build for the packages vitest leaves external (graphql-yoga,
    // envelop, Pothos); point our own sources at the same build so there is one graphql realm.
    alias: [{ find: /^graphql$/, replacement: require.resolve("graphql") }],
  },
  test: {
    include: [
      "services/*/src/**/*.test.ts",
      "services/*/test/**/*.test.ts",
      "bff-*/src/**/*.test.ts",
      "bff-*/test/**/*.test.ts",
      "test/**/*.test.ts",
      "scripts/**/*.test.ts",
    ],
    exclude: ["**/node_modules/**", "test/bench/mesh/**"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
