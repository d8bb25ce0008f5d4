import { ConnectError } from "@connectrpc/connect";
import type { Logger } from "pino";
import { codedError, graphQLErrorFromConnect } from "./error-mapping.js";
import { isGraphQLError, newGraphQLError } from "./graphql-error.js";

/**
 * Yoga's `maskedErrors.maskError`: every error that reaches a client is either one the BFF raised
 * on purpose (a GraphQLError with `extensions.code`), a document error (parse, validation, limits)
 * or a mapped ConnectError; anything else becomes INTERNAL_SERVER_ERROR with a fixed message.
 * Originals are logged, never sent.
 */
export function createErrorMasker(logger: Logger): (error: unknown, message: string) => Error {
  return (error) => {
    const located = isGraphQLError(error) ? error : undefined;
    const original: unknown = located ? (located.originalError ?? located) : error;

    if (original instanceof ConnectError) {
      const mapped = graphQLErrorFromConnect(original, located);
      const level = mapped.extensions["code"] === "INTERNAL_SERVER_ERROR" ? "error" : "warn";
      logger[level]({ err: original, code: original.code, path: located?.path }, "downstream call failed");
      return mapped;
    }
    if (isGraphQLError(original)) {
      // An error the executor made itself at a path (graphql-jit's non-null violations carry no
      // original error; the interpreting executor wraps the same failure) is a server fault.
      const executorMade = original === located && located.path !== undefined && typeof located.extensions?.["code"] !== "string";
      if (typeof original.extensions?.["code"] === "string" || (original === located && !executorMade)) {
        // Raised on purpose by the BFF (auth, input, limits), or about the document itself
        // (parse and validation errors carry no original error): client-safe.
        return original === located ? original : newGraphQLError(original.message, { ...original.extensions }, located);
      }
    }
    logger.error({ err: original, path: located?.path }, "unexpected error in a resolver");
    return codedError("INTERNAL_SERVER_ERROR", { base: located });
  };
}
