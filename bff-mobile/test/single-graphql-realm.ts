import { createRequire } from "node:module";

/**
 * graphql 16 ships CommonJS (`main`) and ESM (`module`) builds. Node, and so tsx in production,
 * loads the CommonJS one for everybody; under vitest, sources transformed by Vite get the ESM one
 * while external packages (yoga, Pothos) get CommonJS, so `instanceof GraphQLError` and schema
 * realm checks fail across the two. Test files that mix them mock "graphql" with this, which puts
 * every module of the test back on the one build Node uses.
 */
export function commonJsGraphQL(): Record<string, unknown> {
  return createRequire(import.meta.url)("graphql") as Record<string, unknown>;
}
