import type { GraphQLError } from "graphql";
import { codedError } from "../error-mapping.js";

/** Whole seconds until `msBeforeNext` has passed; at least 1, so a client never retries at once. */
export function retryAfterSecondsOf(msBeforeNext: number): number {
  return Math.max(1, Math.ceil(msBeforeNext / 1000));
}

/**
 * The error of a request over one of its limits: `extensions.code` RATE_LIMITED with
 * `extensions.retryAfterSeconds`, and for yoga `extensions.http`, which makes the whole response
 * HTTP 429 with a `Retry-After` header (yoga takes both from any error of the result, and strips
 * `http` before sending). Thrown by a resolver, or the result of an operation stopped before
 * execution.
 */
export function rateLimitedError(retryAfterSeconds: number): GraphQLError {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return codedError("RATE_LIMITED", {
    message: `Too many requests: try again in ${seconds} s.`,
    extensions: { retryAfterSeconds: seconds, http: { status: 429, headers: { "Retry-After": String(seconds) } } },
  });
}

/** True for an error made by {@link rateLimitedError} (recognised by shape: see graphql-error.ts). */
export function isRateLimitedError(error: unknown): error is GraphQLError {
  return error instanceof Error && (error as Partial<GraphQLError>).extensions?.["code"] === "RATE_LIMITED";
}
