import { Code, ConnectError } from "@connectrpc/connect";

/** The `extensions.code` values a BFF sends to clients. */
export type GraphQLErrorCode =
  | "NOT_FOUND"
  | "BAD_USER_INPUT"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "SERVICE_UNAVAILABLE"
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
  INTERNAL_SERVER_ERROR: "Unexpected error.",
};

/** True when `error` is a ConnectError carrying `code`. */
export function hasCode(error: unknown, code: Code): boolean {
  return error instanceof ConnectError && error.code === code;
}
