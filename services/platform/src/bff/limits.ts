import { EnvelopArmorPlugin } from "@escape.tech/graphql-armor";
import type { Plugin } from "graphql-yoga";

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
  /** Bytes of one HTTP request body (or GET query string); larger is 413. @default 65536 */
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
 * names the limit and the value found, with `extensions.code` GRAPHQL_VALIDATION_FAILED (or a
 * syntax error for tokens), produced before execution, so no RPC is ever made for it.
 */
export function useLimits(limits: BffLimits = DEFAULT_LIMITS): Plugin[] {
  return [
    EnvelopArmorPlugin({
      maxDepth: { n: limits.maxDepth, exposeLimits: true, flattenFragments: true },
      maxAliases: { n: limits.maxAliases, exposeLimits: true },
      maxTokens: { n: limits.maxTokens, exposeLimits: true },
      costLimit: { maxCost: limits.maxCost, exposeLimits: true },
      maxDirectives: { n: 50, exposeLimits: true },
      blockFieldSuggestion: { enabled: false },
    }) as Plugin,
  ];
}
