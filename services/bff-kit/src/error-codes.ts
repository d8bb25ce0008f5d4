import { Code } from "@connectrpc/connect";
import type { GraphQLError } from "graphql";
import { newGraphQLError } from "./graphql-error.js";
import type { Authentication, TokenProblem } from "./tokens.js";

/** The `extensions.code` values a BFF sends to clients. */
export type GraphQLErrorCode =
  | "NOT_FOUND"
  | "BAD_USER_INPUT"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "SERVICE_UNAVAILABLE"
  | "RATE_LIMITED"
  | "INTERNAL_SERVER_ERROR";

/**
 * The GraphQL code for a gRPC status code. INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE and
 * ALREADY_EXISTS are all the caller's input; UNAVAILABLE and DEADLINE_EXCEEDED mean "try again";
 * everything else is our fault.
 */
export function graphQLCodeOf(code: Code): GraphQLErrorCode {
  switch (code) {
    case Code.NotFound:
      return "NOT_FOUND";
    case Code.InvalidArgument:
    case Code.FailedPrecondition:
    case Code.OutOfRange:
    case Code.AlreadyExists:
      return "BAD_USER_INPUT";
    case Code.Unauthenticated:
      return "UNAUTHENTICATED";
    case Code.PermissionDenied:
      return "FORBIDDEN";
    case Code.Unavailable:
    case Code.DeadlineExceeded:
      return "SERVICE_UNAVAILABLE";
    default:
      return "INTERNAL_SERVER_ERROR";
  }
}

/** The fixed, client-safe message of each code (internal messages never leave the BFF). */
export const SAFE_MESSAGES: Readonly<Record<GraphQLErrorCode, string>> = {
  NOT_FOUND: "Not found.",
  BAD_USER_INPUT: "The input is not valid.",
  UNAUTHENTICATED: "Sign-in required: send a valid, unexpired token as 'Authorization: Bearer <token>'.",
  FORBIDDEN: "Not allowed.",
  SERVICE_UNAVAILABLE: "A service this field depends on is unavailable; try again later.",
  RATE_LIMITED: "Too many requests: try again after the number of seconds in Retry-After.",
  INTERNAL_SERVER_ERROR: "Unexpected error.",
};

/** Why a request is UNAUTHENTICATED, sent as `extensions.reason`: no token, or what is wrong with it. */
export type UnauthenticatedReason = "missing" | TokenProblem;

const UNAUTHENTICATED_MESSAGES: Readonly<Record<UnauthenticatedReason, string>> = {
  missing: "Sign-in required: send 'Authorization: Bearer <token>' (get one from the login mutation).",
  expired: "The token has expired: log in again.",
  malformed: "The token is not valid: log in again.",
  invalid: "The token is not valid: log in again.",
  revoked: "The session has ended (logout or password change): log in again.",
};

/**
 * The error of a field that needs a signed-in user when the request has none: UNAUTHENTICATED,
 * with `extensions.reason` and a message that tell the client whether to send a token or log in
 * again. Both BFFs build it through scope-auth's `unauthorizedError`.
 */
export function unauthenticatedError(auth: Authentication): GraphQLError {
  const reason: UnauthenticatedReason = auth.kind === "rejected" ? auth.problem : "missing";
  return newGraphQLError(UNAUTHENTICATED_MESSAGES[reason], { reason, code: "UNAUTHENTICATED" });
}
