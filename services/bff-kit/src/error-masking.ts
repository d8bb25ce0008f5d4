import { ConnectError } from "@connectrpc/connect";
import { currentRequestContext } from "@shop/grpc-runtime";
import type { GraphQLError } from "graphql";
import type { Logger } from "pino";
import { codedError, graphQLErrorFromConnect } from "./error-mapping.js";
import { isGraphQLError, newGraphQLError } from "./graphql-error.js";

/**
 * Yoga's `maskedErrors.maskError`: every error that reaches a client is either one the BFF raised
 * on purpose (a GraphQLError with `extensions.code`), a document error (parse, validation, limits)
 * or a mapped ConnectError; anything else becomes INTERNAL_SERVER_ERROR with a fixed message.
 * Originals are logged, never sent. An INTERNAL_SERVER_ERROR carries the request's id in
 * `extensions.requestId`, the id its log line carries too (the logger adds it to every line written
 * while the request is handled), so a client's bug report leads to the line with the cause.
 */
export function createErrorMasker(logger: Logger): (error: unknown, message: string) => Error {
  return (error) => {
    const located = isGraphQLError(error) ? error : undefined;
    const original: unknown = located ? (located.originalError ?? located) : error;

    if (original instanceof ConnectError) {
      const mapped = graphQLErrorFromConnect(original, located);
      if (mapped.extensions["code"] !== "INTERNAL_SERVER_ERROR") {
        logger.warn({ err: original, code: original.code, path: located?.path }, "downstream call failed");
        return mapped;
      }
      logger.error({ err: original, code: original.code, path: located?.path }, "downstream call failed");
      return internalError(located);
    }
    if (isGraphQLError(original)) {
      // An error the executor made itself at a path (graphql-jit's non-null violations carry no
      // original error; the interpreting executor wraps the same failure) is a server fault.
      const executorMade = original === located && located.path !== undefined && typeof located.extensions?.["code"] !== "string";
      // A variable whose value its type refused (a string for an Int, an object for a String): the
      // executor wraps the scalar's own error, at no path. It is about the request, so client-safe.
      const badVariable = original !== located && located !== undefined && located.path === undefined && typeof original.extensions?.["code"] !== "string";
      if (badVariable) return boundedMessage(located);
      if (typeof original.extensions?.["code"] === "string" || (original === located && !executorMade)) {
        // Raised on purpose by the BFF (auth, input, limits), or about the document itself
        // (parse and validation errors carry no original error): client-safe.
        return original === located ? original : newGraphQLError(original.message, { ...original.extensions }, located);
      }
    }
    logger.error({ err: original, path: located?.path }, "unexpected error in a resolver");
    return internalError(located);
  };
}

/** The masked error of a server fault, with the id of the request it happened in. */
function internalError(located: GraphQLError | undefined): GraphQLError {
  const requestId = currentRequestContext()?.requestId;
  return codedError("INTERNAL_SERVER_ERROR", { base: located, ...(requestId === undefined ? {} : { extensions: { requestId } }) });
}

/** Longest message of a bad-variable error: graphql quotes the refused value, which a client chose. */
const MAX_VARIABLE_ERROR_MESSAGE = 300;

/** `error` with its message cut to {@link MAX_VARIABLE_ERROR_MESSAGE} characters (no answer grows with a hostile input). */
function boundedMessage(error: GraphQLError): GraphQLError {
  if (error.message.length <= MAX_VARIABLE_ERROR_MESSAGE) return error;
  return newGraphQLError(`${error.message.slice(0, MAX_VARIABLE_ERROR_MESSAGE)}…`, { ...error.extensions }, error);
}
