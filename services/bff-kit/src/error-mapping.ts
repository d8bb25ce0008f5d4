import { ConnectError } from "@connectrpc/connect";
import type { GraphQLError } from "graphql";
import {
  BadRequestSchema,
  PreconditionFailureSchema,
} from "@shop/contracts/google/rpc/error_details";
import { graphQLCodeOf, SAFE_MESSAGES, type GraphQLErrorCode } from "./error-codes.js";
import { newGraphQLError } from "./graphql-error.js";

/** One reason the input was refused, as a client sees it in `extensions.violations`. */
export interface InputViolation {
  /** The field path (for a bad argument) or the subject (for a failed precondition). */
  readonly field: string;
  /** What is wrong, written for the caller. */
  readonly description: string;
}

/** Field violations (google.rpc.BadRequest) and precondition subjects of a ConnectError. */
export function inputViolationsOf(error: ConnectError): InputViolation[] {
  const violations: InputViolation[] = [];
  for (const detail of error.findDetails(BadRequestSchema)) {
    for (const v of detail.fieldViolations) violations.push({ field: v.field, description: v.description });
  }
  for (const detail of error.findDetails(PreconditionFailureSchema)) {
    for (const v of detail.violations) violations.push({ field: v.subject, description: v.description });
  }
  return violations;
}

/** A client-safe GraphQL error with `extensions.code` (and nothing internal). */
export function codedError(
  code: GraphQLErrorCode,
  extra: { readonly message?: string; readonly extensions?: Record<string, unknown>; readonly base?: GraphQLError | undefined } = {},
): GraphQLError {
  return newGraphQLError(extra.message ?? SAFE_MESSAGES[code], { ...extra.extensions, code }, extra.base);
}

/** The client-safe GraphQL error for a ConnectError from a downstream call. */
export function graphQLErrorFromConnect(error: ConnectError, base?: GraphQLError): GraphQLError {
  const code = graphQLCodeOf(error.code);
  if (code === "BAD_USER_INPUT") {
    const violations = inputViolationsOf(error);
    return codedError(code, { base, extensions: violations.length > 0 ? { violations } : {} });
  }
  return codedError(code, { base });
}
