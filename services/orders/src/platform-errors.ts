// Local stand-in for the error helpers of `@shop/platform` (same signatures as its README) until
// that package's errors are committed; to-connect-error.ts is the only user.
import { Code, ConnectError } from "@connectrpc/connect";
import {
  BadRequestSchema,
  PreconditionFailureSchema,
  ResourceInfoSchema,
} from "@shop/platform/contracts/google/rpc/error_details";

export interface FieldViolation {
  readonly field: string;
  readonly description: string;
}

export interface PreconditionViolation {
  readonly type: string;
  readonly subject: string;
  readonly description: string;
}

export function invalidArgument(violations: readonly FieldViolation[], message?: string): ConnectError {
  return new ConnectError(message ?? "invalid argument", Code.InvalidArgument, undefined, [
    { desc: BadRequestSchema, value: { fieldViolations: violations.map((v) => ({ field: v.field, description: v.description })) } },
  ]);
}

export function notFound(resourceType: string, ids: readonly string[], message?: string): ConnectError {
  return new ConnectError(
    message ?? `${resourceType} not found: ${ids.join(", ")}`,
    Code.NotFound,
    undefined,
    ids.map((id) => ({ desc: ResourceInfoSchema, value: { resourceType, resourceName: id } })),
  );
}

export function failedPrecondition(violations: readonly PreconditionViolation[], message: string): ConnectError {
  return new ConnectError(message, Code.FailedPrecondition, undefined, [
    { desc: PreconditionFailureSchema, value: { violations: violations.map((v) => ({ ...v })) } },
  ]);
}
