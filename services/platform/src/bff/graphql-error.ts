import type { GraphQLError } from "graphql";
import { createGraphQLError } from "graphql-yoga";

/**
 * Why this file exists: under vitest, `import "graphql"` from source resolves to graphql's
 * `index.mjs` while graphql-yoga, Pothos and the executor (loaded by Node) use `index.js` — two
 * copies, so `instanceof GraphQLError` and schemas built from source fail across them. Errors are
 * therefore created through graphql-yoga (the executor's copy) and recognised by shape.
 */
export function isGraphQLError(error: unknown): error is GraphQLError {
  return error instanceof Error && error.name === "GraphQLError" && "extensions" in error && "path" in error;
}

/** A GraphQLError of the executor's graphql copy; `base` lends its location and path. */
export function newGraphQLError(message: string, extensions: Record<string, unknown>, base?: GraphQLError): GraphQLError {
  return createGraphQLError(message, {
    ...(base ? { nodes: base.nodes ?? null, source: base.source, positions: base.positions, path: base.path } : {}),
    extensions,
  });
}
