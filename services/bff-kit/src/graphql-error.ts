import type { GraphQLError, Source } from "graphql";
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
  if (base && !base.nodes && !base.source && base.locations && base.locations.length > 0) {
    return createGraphQLError(message, { ...sourceAt(base.locations), path: base.path, extensions });
  }
  return createGraphQLError(message, {
    ...(base ? { nodes: base.nodes ?? null, source: base.source, positions: base.positions, path: base.path } : {}),
    extensions,
  });
}

/**
 * graphql-jit's errors carry `locations` but neither the nodes nor the source they come from, and
 * yoga rebuilds every error from nodes, or source and positions, before sending it. A stand-in
 * source with a character at each line and column gives back exactly those locations.
 */
function sourceAt(locations: readonly { readonly line: number; readonly column: number }[]): { source: Source; positions: number[] } {
  const widths: number[] = [];
  for (const { line, column } of locations) widths[line - 1] = Math.max(widths[line - 1] ?? 0, column);
  const lines = Array.from(widths, (width = 0) => " ".repeat(width));
  const starts: number[] = [];
  let offset = 0;
  for (const text of lines) {
    starts.push(offset);
    offset += text.length + 1;
  }
  const body = lines.join("\n");
  const source = { body, name: "GraphQL request", locationOffset: { line: 1, column: 1 } } as Source;
  return { source, positions: locations.map(({ line, column }) => starts[line - 1]! + column - 1) };
}
