import { EnvelopArmorPlugin } from "@escape.tech/graphql-armor";
import type { GraphQLError, ValidationContext } from "graphql";
import { createGraphQLError, type Plugin } from "graphql-yoga";

/** Limits on one GraphQL document, checked during parse and validation, before any resolver runs. */
export interface BffLimits {
  /** Deepest field nesting. @default 12 */
  readonly maxDepth: number;
  /** Aliased fields in one operation. @default 30 */
  readonly maxAliases: number;
  /** Lexical tokens in one document. @default 3000 */
  readonly maxTokens: number;
  /** graphql-armor cost (objects 2, scalars 1, ×1.5 per level). @default 10000 */
  readonly maxCost: number;
  /**
   * Bytes of one HTTP request body; larger is 413 (see useBodyLimit). A GET's query string is
   * bounded by Node's header size limit (16 KiB, 431). @default 65536
   */
  readonly maxBodyBytes: number;
}

export const DEFAULT_LIMITS: BffLimits = {
  maxDepth: 12,
  maxAliases: 30,
  maxTokens: 3000,
  maxCost: 10_000,
  maxBodyBytes: 65_536,
};

/**
 * The document limits as yoga plugins (graphql-armor). Each rejection is a GraphQL error that
 * names the limit and the value found (`extensions.code` GRAPHQL_VALIDATION_FAILED and
 * `extensions.limit`, or a syntax error for tokens), produced before execution: no RPC is made.
 */
export function useLimits(limits: BffLimits = DEFAULT_LIMITS): Plugin[] {
  // Validation-time limits report a validation error (HTTP 400, GRAPHQL_VALIDATION_FAILED) instead
  // of throwing, so every exceeded limit is listed, with a message free of armor's "Syntax Error:".
  const report = (limit: string) => ({
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) => {
        context?.reportError(
          createGraphQLError(error.message.replace(/^Syntax Error: /, ""), {
            extensions: { code: "GRAPHQL_VALIDATION_FAILED", limit },
          }),
        );
      },
    ],
  });
  return [
    EnvelopArmorPlugin({
      maxDepth: { n: limits.maxDepth, exposeLimits: true, flattenFragments: true, ...report("depth") },
      maxAliases: { n: limits.maxAliases, exposeLimits: true, ...report("aliases") },
      costLimit: { maxCost: limits.maxCost, exposeLimits: true, ...report("cost") },
      maxDirectives: { n: 50, exposeLimits: true, ...report("directives") },
      // Counted while parsing: the parse fails (HTTP 400) as soon as the limit is passed.
      maxTokens: { n: limits.maxTokens, exposeLimits: true },
      blockFieldSuggestion: { enabled: false },
    }) as Plugin,
  ];
}
